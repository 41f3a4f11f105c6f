import Foundation
import Testing
@testable import WeightAtlasEncode

/// The stitched parallel deflate decodes, with libpng and with zlib, to exactly the input.
@Suite struct ParallelPNGWriterTests {
    struct Case: CustomStringConvertible, Sendable {
        var width: Int, height: Int, channels: Int, workers: Int, band: Int
        var description: String { "\(width)x\(height)x\(channels) workers \(workers) band \(band)" }
    }

    static let cases: [Case] = [
        Case(width: 1, height: 1, channels: 1, workers: 1, band: 1),
        Case(width: 1, height: 37, channels: 3, workers: 3, band: 5),
        Case(width: 3, height: 200, channels: 1, workers: 2, band: 7),
        Case(width: 129, height: 77, channels: 3, workers: 4, band: 13),
        Case(width: 700, height: 61, channels: 3, workers: 2, band: 61),
        Case(width: 2049, height: 9, channels: 1, workers: 3, band: 2),
    ]

    /// Writes `pixels` with `compression` through `PNGWriter` in bands of `band` rows.
    static func write(_ pixels: [UInt8], _ c: Case, compression: PNGCompression, to path: String,
                      stripBytes: Int = 4096) throws {
        let writer: ParallelPNGWriter
        if let level = compression.parallelLevel {
            writer = try ParallelPNGWriter(path: path, width: c.width, height: c.height, channels: c.channels,
                                           level: level, filter: compression.filter(channels: c.channels), workers: c.workers, stripBytes: stripBytes)
        } else {
            let png = try PNGWriter(path: path, width: c.width, height: c.height, channels: c.channels, compression: compression)
            try pixels.withUnsafeBytes { try png.write(rows: $0) }
            return try png.finish()
        }
        let rowBytes = c.width * c.channels
        var y = 0
        while y < c.height {
            let rows = min(c.band, c.height - y)
            try pixels.withUnsafeBytes { try writer.write(rows: UnsafeRawBufferPointer(rebasing: $0[(y * rowBytes)..<((y + rows) * rowBytes)])) }
            y += rows
        }
        try writer.finish()
    }

    @Test(arguments: cases, PNGCompression.allCases)
    func decodesExactly(_ c: Case, _ compression: PNGCompression) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/image.png"
        let pixels = PNGTestSupport.pixels(width: c.width, height: c.height, channels: c.channels)
        try Self.write(pixels, c, compression: compression, to: path)
        let image = try PNGImage(path: path)
        #expect(image.width == c.width && image.height == c.height && image.channels == c.channels)
        #expect(image.pixels == pixels)
        let rowBytes = c.width * c.channels
        let filtered = try #require(PNGTestSupport.inflate(path, expected: (rowBytes + 1) * c.height))
        #expect(PNGTestSupport.unfilter(filtered, rowBytes: rowBytes, height: c.height, bpp: c.channels) == pixels)
        #expect(PNGTestSupport.temporaries(in: folder).isEmpty)
    }

    @Test(arguments: PNGRowFilter.allCases)
    func everyFilterRoundTrips(_ filter: PNGRowFilter) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/image.png"
        let pixels = PNGTestSupport.pixels(width: 53, height: 41, channels: 3, seed: 7)
        let writer = try ParallelPNGWriter(path: path, width: 53, height: 41, channels: 3, level: 2, filter: filter,
                                           workers: 2, stripBytes: 500)
        try pixels.withUnsafeBytes { try writer.write(rows: $0) }
        try writer.finish()
        #expect(try PNGImage(path: path).pixels == pixels)
    }

    @Test(arguments: PNGCompression.allCases)
    func unwritableFolderThrowsOutputError(_ compression: PNGCompression) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Beneath a regular file : unwritable even for root.
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data()))
        #expect(throws: OutputError.self) {
            _ = try PNGWriter(path: folder + "/file/x.png", width: 4, height: 4, channels: 1, compression: compression)
        }
        #expect(PNGTestSupport.temporaries(in: folder).isEmpty)
    }

    @Test func abortAndMissingRowsLeaveNothing() throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pixels = PNGTestSupport.pixels(width: 64, height: 64, channels: 3)
        let aborted = try ParallelPNGWriter(path: folder + "/a.png", width: 64, height: 64, channels: 3, level: 1, filter: .up, stripBytes: 512)
        try pixels.withUnsafeBytes { try aborted.write(rows: UnsafeRawBufferPointer(rebasing: $0[0..<(32 * 192)])) }
        aborted.abort()
        let short = try ParallelPNGWriter(path: folder + "/b.png", width: 64, height: 64, channels: 3, level: 1, filter: .up)
        try pixels.withUnsafeBytes { try short.write(rows: UnsafeRawBufferPointer(rebasing: $0[0..<192])) }
        #expect(throws: OutputError.self) { try short.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// Strip boundaries do not depend on the worker count, and igzip is deterministic: the
    /// same rows make the same file whatever the workers (a stale stream field once broke this).
    /// At the levels the presets use: igzip's levels 1 and 2 now and then return another valid
    /// stream of the same bytes (docs/ARCHITECTURE.md, "Same input, same bytes").
    @Test(arguments: [0, 3])
    func sameBytesWhateverTheWorkers(_ level: Int) throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let pixels = PNGTestSupport.pixels(width: 300, height: 90, channels: 3, seed: 5)
        var files: [Data] = []
        for workers in [1, 2, 5, 1] {
            let path = folder + "/w\(workers)-\(files.count).png"
            let writer = try ParallelPNGWriter(path: path, width: 300, height: 90, channels: 3, level: level, filter: .none,
                                               workers: workers, stripBytes: 10_000)
            try pixels.withUnsafeBytes { try writer.write(rows: $0) }
            try writer.finish()
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(Set(files).count == 1)
    }

    @Test func checksumsMatchZlib() {
        let bytes = PNGTestSupport.pixels(width: 1000, height: 3, channels: 1)
        let whole = bytes.withUnsafeBytes { Checksums.adler32(1, $0) }
        let a = bytes[0..<1234].withUnsafeBytes { Checksums.adler32(1, $0) }
        let b = bytes[1234...].withUnsafeBytes { Checksums.adler32(1, $0) }
        #expect(Checksums.adler32Combine(a, b, secondLength: bytes.count - 1234) == whole)
        // CRC-32 of "IEND" is the well-known AE 42 60 82.
        #expect(PNGChunks.end.suffix(4) == [0xAE, 0x42, 0x60, 0x82])
    }
}
