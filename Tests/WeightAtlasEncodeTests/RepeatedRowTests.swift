import Foundation
import Testing
@testable import WeightAtlasEncode

/// In rows wider than deflate's window, a row equal to the row above is written with Up (all
/// zeros), whatever the preset's filter: the rows `--scale` repeats cost almost nothing, and
/// the image decodes exactly. Narrower rows keep the preset's filter (deflate matches them).
@Suite struct RepeatedRowTests {
    /// `height / scale` distinct rows, each repeated `scale` times (as `--scale` makes them).
    static func scaled(width: Int, height: Int, channels: Int, scale: Int) -> [UInt8] {
        let distinct = PNGTestSupport.pixels(width: width, height: (height + scale - 1) / scale, channels: channels, seed: 3)
        let rowBytes = width * channels
        return (0..<height).flatMap { y in distinct[(y / scale * rowBytes)..<((y / scale + 1) * rowBytes)] }
    }

    @Test(arguments: [PNGRowFilter.none, .sub, .up, .paeth, .adaptive], [1, 3])
    func repeatedRowsAreUpAndDecodeExactly(_ filter: PNGRowFilter, _ channels: Int) throws {
        for width in [97, 33_000 / channels] { try check(filter, channels, width: width) }
    }

    func check(_ filter: PNGRowFilter, _ channels: Int, width: Int) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (height, scale) = (30, 3)
        let wide = width * channels + 1 > 32_768 - 258
        let pixels = Self.scaled(width: width, height: height, channels: channels, scale: scale)
        let path = folder + "/scaled.png"
        // Strips of 7 rows: repeats inside a strip and across strip boundaries.
        let writer = try ParallelPNGWriter(path: path, width: width, height: height, channels: channels, level: 3,
                                           filter: filter, workers: 2, stripBytes: 7 * width * channels)
        try pixels.withUnsafeBytes { try writer.write(rows: $0) }
        try writer.finish()
        #expect(try PNGImage(path: path).pixels == pixels)
        let rowBytes = width * channels
        let filtered = try #require(PNGTestSupport.inflate(path, expected: (rowBytes + 1) * height))
        for y in 0..<height where y % scale != 0 {
            let row = filtered[(y * (rowBytes + 1))..<((y + 1) * (rowBytes + 1))]
            let up = row.first == PNGRowFilter.up.typeByte && row.dropFirst().allSatisfy { $0 == 0 }
            #expect(up == wide || filter == .up || filter == .adaptive, "row \(y), width \(width)")  // adaptive picks Up itself
        }
        // A row that differs from the one above keeps the preset's filter.
        let first = filtered[scale * (rowBytes + 1)]
        #expect(filter == .adaptive || first == filter.typeByte)
    }

    @Test func scaledRowsCostLittle() throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Rows of 48,000 bytes: wider than deflate's 32 KiB window, so only Up finds the repeat.
        let (width, height) = (16_000, 24)
        var sizes: [Int] = []
        for scale in [1, 4] {
            let pixels = Self.scaled(width: width, height: height * scale, channels: 3, scale: scale)
            let path = folder + "/s\(scale).png"
            let writer = try ParallelPNGWriter(path: path, width: width, height: height * scale, channels: 3, level: 3,
                                               filter: .none, workers: 2)
            try pixels.withUnsafeBytes { try writer.write(rows: $0) }
            try writer.finish()
            #expect(try PNGImage(path: path).pixels == pixels)
            sizes.append(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int)
        }
        #expect(Double(sizes[1]) < 1.05 * Double(sizes[0]), "4× the rows, \(sizes)")
    }
}
