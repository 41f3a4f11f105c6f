import Foundation
import Testing
@testable import WeightAtlasEncode

/// Pyramid shape, descriptor, and tiles that reassemble into each level exactly.
@Suite struct DeepZoomWriterTests {
    struct Size: CustomStringConvertible, Sendable {
        var width: Int, height: Int, channels: Int, levels: Int, tiles: Int
        var description: String { "\(width)x\(height)x\(channels)" }
    }

    // Tiles: 255×256 → 1 at every level (9); 257×513 → 2×3, then 129×257 → 1×2 (its second tile
    // row lies in the overlap), then 1 × 9; 1000×3 → 11 levels: 4, 2, then 1 × 9.
    static let sizes: [Size] = [
        Size(width: 1, height: 1, channels: 1, levels: 1, tiles: 1),
        Size(width: 255, height: 256, channels: 3, levels: 9, tiles: 9),
        Size(width: 257, height: 513, channels: 1, levels: 11, tiles: 6 + 2 + 9),
        Size(width: 1000, height: 3, channels: 3, levels: 11, tiles: 4 + 2 + 9),
    ]

    @Test(arguments: sizes)
    func geometry(_ size: Size) {
        let g = DeepZoomGeometry(width: size.width, height: size.height)
        #expect(g.levelCount == size.levels)
        #expect(g.tileCount == size.tiles)
        #expect(g.size(of: g.levelCount - 1) == (size.width, size.height))
        #expect(g.size(of: 0) == (1, 1))
        #expect(g.span(0, length: 600) == 0..<257 && g.span(1, length: 600) == 255..<513 && g.span(2, length: 600) == 511..<600)
    }

    @Test(arguments: sizes)
    func tilesReassembleEveryLevel(_ size: Size) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pixels = PNGTestSupport.pixels(width: size.width, height: size.height, channels: size.channels, seed: 3)
        let writer = try DeepZoomWriter(path: folder + "/m.dzi", width: size.width, height: size.height,
                                        channels: size.channels, workers: 3)
        let rowBytes = size.width * size.channels
        var y = 0
        while y < size.height {
            let rows = min(37, size.height - y)
            try pixels.withUnsafeBytes { try writer.write(rows: UnsafeRawBufferPointer(rebasing: $0[(y * rowBytes)..<((y + rows) * rowBytes)])) }
            y += rows
        }
        try writer.finish()
        let g = writer.geometry
        let xml = try String(contentsOfFile: folder + "/m.dzi", encoding: .utf8)
        #expect(xml.contains("TileSize=\"256\"") && xml.contains("Overlap=\"1\"") && xml.contains("Format=\"png\""))
        #expect(xml.contains("<Size Width=\"\(size.width)\" Height=\"\(size.height)\"/>"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["m.dzi", "m_files"])
        var files = 0
        for level in 0..<g.levelCount {
            files += try FileManager.default.contentsOfDirectory(atPath: folder + "/m_files/\(level)").count
            let expected = Self.downsample(pixels, size, shift: g.shift(of: level))
            #expect(try Self.reassemble(folder + "/m_files/\(level)", g, level: level, channels: size.channels) == expected)
        }
        #expect(files == size.tiles)
    }

    /// Source pixel (x·2^shift, y·2^shift) for every pixel of the level.
    static func downsample(_ pixels: [UInt8], _ size: Size, shift: Int) -> [UInt8] {
        let w = (size.width + (1 << shift) - 1) >> shift, h = (size.height + (1 << shift) - 1) >> shift
        var out: [UInt8] = []
        for y in 0..<h {
            for x in 0..<w {
                let at = ((y << shift) * size.width + (x << shift)) * size.channels
                out += pixels[at..<(at + size.channels)]
            }
        }
        return out
    }

    /// The level rebuilt from its tiles, checking each tile's extent and that overlaps agree.
    static func reassemble(_ folder: String, _ g: DeepZoomGeometry, level: Int, channels: Int) throws -> [UInt8] {
        let (w, h) = g.size(of: level), (columns, rows) = g.tiles(of: level)
        var out = [UInt8?](repeating: nil, count: w * h * channels)
        for r in 0..<rows {
            for c in 0..<columns {
                let tile = try PNGImage(path: folder + "/\(c)_\(r).png")
                let xs = g.span(c, length: w), ys = g.span(r, length: h)
                #expect(tile.width == xs.count && tile.height == ys.count && tile.channels == channels)
                for (ty, y) in ys.enumerated() {
                    for (tx, x) in xs.enumerated() {
                        for k in 0..<channels {
                            let value = tile.pixels[(ty * tile.width + tx) * channels + k]
                            let at = (y * w + x) * channels + k
                            #expect(out[at] == nil || out[at] == value)
                            out[at] = value
                        }
                    }
                }
            }
        }
        return out.map { $0 ?? 0 }
    }

    @Test func unwritableFolderThrowsAndAbortCleansUp() throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Beneath a regular file: unwritable even for root.
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data()))
        #expect(throws: OutputError.self) {
            _ = try DeepZoomWriter(path: folder + "/file/m.dzi", width: 10, height: 10, channels: 1)
        }
        try FileManager.default.removeItem(atPath: folder + "/file")
        let writer = try DeepZoomWriter(path: folder + "/m.dzi", width: 600, height: 600, channels: 1, workers: 2)
        let pixels = PNGTestSupport.pixels(width: 600, height: 300, channels: 1)
        try pixels.withUnsafeBytes { try writer.write(rows: $0) }
        writer.abort()
        let short = try DeepZoomWriter(path: folder + "/n.dzi", width: 600, height: 600, channels: 1, workers: 2)
        try pixels.withUnsafeBytes { try short.write(rows: $0) }
        #expect(throws: OutputError.self) { try short.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
