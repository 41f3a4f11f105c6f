import Foundation
import Testing
@testable import WeightAtlasEncode

/// Each preset's row filter as it lands in the file: `default` filters grey images with Sub
/// (smaller on real filter atlases) and leaves colour ones unfiltered, `fast` never filters.
@Suite struct PNGPresetFilterTests {
    /// The filter-type byte of every row of the PNG `PNGWriter` writes for `compression`.
    static func filterBytes(channels: Int, compression: PNGCompression) throws -> Set<UInt8> {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/image.png", width = 57, height = 41
        let pixels = PNGTestSupport.pixels(width: width, height: height, channels: channels)
        let writer = try PNGWriter(path: path, width: width, height: height, channels: channels,
                                   compression: compression, workers: 2)
        try pixels.withUnsafeBytes { try writer.write(rows: $0) }
        try writer.finish()
        let rowBytes = width * channels + 1
        let filtered = try #require(PNGTestSupport.inflate(path, expected: height * rowBytes))
        #expect(try PNGImage(path: path).pixels == pixels)
        return Set((0..<height).map { filtered[$0 * rowBytes] })
    }

    @Test func defaultFiltersGreyWithSubAndColourWithNone() throws {
        #expect(try Self.filterBytes(channels: 1, compression: .default) == [1])
        #expect(try Self.filterBytes(channels: 3, compression: .default) == [0])
    }

    @Test func fastAndNoneNeverFilter() throws {
        for compression in [PNGCompression.fast, .none] {
            #expect(try Self.filterBytes(channels: 1, compression: compression) == [0], "\(compression)")
            #expect(try Self.filterBytes(channels: 3, compression: compression) == [0], "\(compression)")
        }
    }
}
