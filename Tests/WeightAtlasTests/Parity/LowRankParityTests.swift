import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The OpenCL low-rank product (Kernels/lowrank.cl) against the CPU's, bit for bit, and the
/// real adapters' deltas through the OpenCL backend against the fixture's numpy digests.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct LowRankParityTests {
    @Test(arguments: Array(UInt64(1)...40))
    func randomProducts(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let product = LowRankProduct(rows: rng.int(1...300), cols: rng.int(1...300), rank: rng.int(1...64),
                                     scale: rng.float(-4, 4), transposed: rng.chance(0.3))
        let scaleOf = { (rng: inout SeededGenerator) in Float(1 << rng.int(0...8)) }
        let b = (0..<(product.rows * product.rank)).map { _ in rng.float(-1, 1) * scaleOf(&rng) }
        let a = (0..<(product.rank * product.cols)).map { _ in rng.float(-1, 1) }
        var cpu = [Float](repeating: .nan, count: product.count), gpu = [Float](repeating: .nan, count: product.count)
        try b.withUnsafeBufferPointer { bp in
            try a.withUnsafeBufferPointer { ap in
                try cpu.withUnsafeMutableBufferPointer { try CPUBackend(workers: 2).multiply(product, b: bp, a: ap, into: $0) }
                try gpu.withUnsafeMutableBufferPointer { try ParityEnvironment.backend().multiply(product, b: bp, a: ap, into: $0) }
            }
        }
        let first = cpu.indices.first { cpu[$0].bitPattern != gpu[$0].bitPattern }
        #expect(first == nil, "\(product): first difference at \(first ?? -1)")
    }

    @Test(arguments: ["lora-minilm-r4", "rslora-minilm-r8"])
    func realAdaptersOnTheDevice(adapter: String) throws {
        let lora = try LoRAAdapterFile(directory: LoRAAdapterTests.folder.appendingPathComponent(adapter).path)
        let expected = try #require(try LoRAAdapterTests.expected()[adapter])
        for module in lora.modules {
            let bytes = try lora.delta(module, multiplier: try ParityEnvironment.backend())
            #expect(SHA256.tagged(bytes.array) == "sha256:" + (expected[module.deltaName]?.sha256 ?? ""), "\(module.deltaName)")
        }
    }

    @Test func wrongSizesAreRefused() throws {
        let product = LowRankProduct(rows: 3, cols: 4, rank: 2, scale: 1)
        var out = [Float](repeating: 0, count: 12)
        #expect(throws: BackendError.self) {
            try [Float](repeating: 1, count: 5).withUnsafeBufferPointer { b in
                try [Float](repeating: 1, count: 8).withUnsafeBufferPointer { a in
                    try out.withUnsafeMutableBufferPointer { try ParityEnvironment.backend().multiply(product, b: b, a: a, into: $0) }
                }
            }
        }
    }
}
