import Foundation

/// The viewer's files beside the images: `index.html` and one `<image>.tiles.js` per layer
/// with per-tile statistics (loaded by the page when the layer is opened).
enum ViewerFiles {
    /// File name of a layer's tile statistics, beside its image.
    static func tilesName(forImage image: String) -> String {
        (image.hasSuffix(".png") ? String(image.dropLast(4)) : image) + ".tiles.js"
    }

    /// The script: `WeightAtlas.tilesLoaded(NAME, BASE64)` where the bytes are four Float32
    /// arrays of the tile count — min, max, mean (NaN when no finite value), non-finite count.
    static func tilesScript(tensor: String, tiles: TileStatistics) -> String {
        var values: [Float] = tiles.min + tiles.max
        values += zip(tiles.sum, tiles.finite).map { $1 > 0 ? $0 / Float($1) : .nan }
        values += tiles.nonFinite.map(Float.init)
        let base64 = values.withUnsafeBytes { Data($0).base64EncodedString() }
        return "WeightAtlas.tilesLoaded(\(JSONValue.string(tensor).serialized()), \"\(base64)\");\n"
    }

    /// Writes the tile scripts of `reports` (setting `tilesFile`) and `index.html` for `manifest`.
    /// - Throws: `OutputError` when a file cannot be written.
    static func writeTiles(_ reports: inout [TensorReport], in directory: String) throws(OutputError) {
        for i in reports.indices {
            guard let image = reports[i].image, let tiles = reports[i].tiles else { continue }
            let name = tilesName(forImage: image)
            try AtomicFile.write(Array(tilesScript(tensor: reports[i].info.name, tiles: tiles).utf8), to: directory + "/" + name)
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
