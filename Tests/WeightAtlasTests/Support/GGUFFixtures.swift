import Foundation
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The GGUF fixtures (Tests/Fixtures/gguf, written by make_gguf_fixtures.py) and what gguf-py
/// computed for them.
enum GGUFFixtures {
    /// Path of `name` in Tests/Fixtures/gguf.
    static func path(_ name: String) -> String { Fixtures.root.appendingPathComponent("gguf/\(name)").path }

    /// What gguf.quants.dequantize gave for one tensor.
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var min: Double?
        var max: Double?
        var sum: Double
        var first: [Double]
        /// FNV-1a (64-bit) over every value's Float32 bit pattern, hex.
        var fnv1a: String
        /// Bit patterns of the first 64 values.
        var bits: [UInt32]
    }

    /// gguf/expected.json: file name → tensor name → expectations.
    static func expected() throws -> [String: [String: Expected]] {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("gguf/expected.json"))
        return try JSONDecoder().decode([String: [String: Expected]].self, from: data)
    }

    /// FNV-1a (64-bit) over the bit patterns of `values`, one 32-bit word at a time.
    static func fnv1a(_ values: [Float]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for value in values { hash = (hash ^ UInt64(value.bitPattern)) &* 0x100_0000_01b3 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
