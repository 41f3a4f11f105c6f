import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Rendering streams: the renderer's peak memory stays a small budget above the mapped input,
/// however big the mosaic (the gigapixel proof is in Benchmarks/, `weightatlas-bench --gigapixel`).
@Suite struct BoundedMemoryTests {
    /// Writes a float32 .npy of `shape` with seeded values.
    static func writeNPY(_ path: String, shape: [Int]) throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(shape.map(String.init).joined(separator: ", ")),), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        bytes += Array(header.utf8)
        let count = shape.reduce(1, *)
        var values = [Float](repeating: 0, count: count)
        var state: UInt32 = 12345
        for i in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            values[i] = Float(Int32(bitPattern: state)) / Float(Int32.max)
        }
        var data = Data(bytes)
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: URL(fileURLWithPath: path))
    }

    @Test func peakMemoryStaysWithinBudgetAboveTheInput() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let input = out + "/big.npy"
        try Self.writeNPY(input, shape: [1024, 1024, 3, 3])        // 37.7 MB, a 7167×7167 mosaic at scale 2
        let inputBytes = try FileManager.default.attributesOfItem(atPath: input)[.size] as! Int
        let (status, peak) = CLI.runMeasuringMemory(["render", input, "-o", out + "/atlas", "--scale", "2", "--quiet", "--backend", "cpu"])
        #expect(status == 0)
        let image = try PNGRowReader(path: out + "/atlas/big.png")
        #expect(image.width == 1024 * 7 - 1 && image.height == 1024 * 7 - 1)
        let mosaicBytes = image.width * image.height
        // The budget: 256 MiB above the mapped input (this render peaks near 60 MiB above).
        #expect(peak > 16 << 20, "the CLI's peak RSS was not sampled (\(peak) bytes)")
        #expect(peak < inputBytes + 256 << 20, "peak RSS \(peak >> 20) MiB for a \(inputBytes >> 20) MiB input and a \(mosaicBytes >> 20) MiB mosaic")
    }
}
