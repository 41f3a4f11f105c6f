import Foundation
import WeightAtlasEncode
import WeightAtlasRender

/// The viewer's files beside the images: `index.html` and one `<image>.tiles.js` per layer
/// with per-tile statistics (loaded by the page when the layer is opened).
enum ViewerFiles {
    /// File name of a layer's tile statistics, beside its image.
    static func tilesName(forImage image: String) -> String {
        (image.hasSuffix(".png") || image.hasSuffix(".dzi") ? String(image.dropLast(4)) : image) + ".tiles.js"
    }

    /// Writes the script `WeightAtlas.tilesLoaded(NAME, BASE64)` to `path`, where the bytes
    /// are four Float32 arrays of the tile count — min, max, mean (NaN when no finite value),
    /// non-finite count — and, with `roughness`, a fifth: each tile's filter's r (NaN when it
    /// has none); streamed in pieces, so memory stays small for a million tiles.
    static func writeTilesScript(tensor: String, tiles: TileStatistics, roughness: Roughness? = nil, to path: String) throws(OutputError) {
        try AtomicFile.stream(to: path) { write in
            func text(_ string: String) { Array(string.utf8).withUnsafeBytes { write($0) } }
            text("WeightAtlas.tilesLoaded(\(JSONValue.string(tensor).serialized()), \"")
            var encoder = Base64Stream(write: write)
            let count = tiles.min.count
            let filters = roughness?.filters ?? []
            let perFilter = filters.isEmpty ? 1 : max(1, count / filters.count)
            for part in 0..<(filters.isEmpty ? 4 : 5) {
                var start = 0
                while start < count {
                    let piece = (start..<min(count, start + 4096)).map { i -> Float in
                        switch part {
                        case 0: tiles.min[i]
                        case 1: tiles.max[i]
                        case 2: tiles.finite[i] > 0 ? tiles.sum[i] / Float(tiles.finite[i]) : .nan
                        case 3: Float(tiles.nonFinite[i])
                        default: (i / perFilter < filters.count ? filters[i / perFilter] : nil).map(Float.init) ?? .nan
                        }
                    }
                    piece.withUnsafeBytes { encoder.append($0) }
                    start += 4096
                }
            }
            encoder.finish()
            text("\");\n")
        }
    }

    /// Writes the tile scripts of `reports` (setting `tilesFile`).
    /// - Throws: `OutputError` when a file cannot be written.
    static func writeTiles(_ reports: inout [TensorReport], in directory: String) throws(OutputError) {
        for i in reports.indices {
            guard let image = reports[i].image, let tiles = reports[i].tiles else { continue }
            let name = tilesName(forImage: image)
            try writeTilesScript(tensor: reports[i].info.name, tiles: tiles, roughness: reports[i].roughness, to: directory + "/" + name)
            reports[i].tilesFile = name
        }
    }

    /// Writes `index.html` for `manifest`.
    /// - Throws: `OutputError` when it cannot be written.
    static func writePage(manifest: JSONValue, in directory: String) throws(OutputError) {
        let page = ViewerPage.html(manifest: manifest,
                                   colormaps: Colormap.allCases.map { ($0.rawValue, $0.table) },
                                   markers: Colormap.allCases.map { ($0.rawValue, [$0.marker.0, $0.marker.1, $0.marker.2]) })
        try AtomicFile.write(Array(page.utf8), to: directory + "/index.html")
    }
}
