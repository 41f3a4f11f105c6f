import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Block-quantised tensors decoded by Kernels/dequant.cl against the host's `GGMLQuant`, bit
/// pattern for bit pattern: the GGUF fixtures, seeded random blocks (random finite scales,
/// and scales that are ±Inf, NaN, subnormal or huge), ranges that start and end mid-block,
/// runs longer than one launch; and the renderer really decoding on the device.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct DequantParityTests {
    static let quantized = DequantizationTests.quantized

    /// The host's floats for `elements` of `blocks`.
    static func host(_ blocks: [UInt8], _ dtype: DType, _ elements: Range<Int>) -> [Float] {
        var out = [Float](repeating: .nan, count: elements.count)
        blocks.withUnsafeBytes { bytes in
            ElementConversion(dtype: dtype, byteOrder: .little)
                .convert(bytes.baseAddress!, element: elements.lowerBound, count: elements.count, into: &out)
        }
        return out
    }

    /// The device's floats for `elements` of `blocks`.
    static func device(_ blocks: [UInt8], _ dtype: DType, _ elements: Range<Int>,
                       backend: OpenCLBackend? = nil) throws -> [Float] {
        let backend = try backend ?? ParityEnvironment.backend()
        var out = [Float](repeating: .nan, count: elements.count)
        try blocks.withUnsafeBytes { bytes in
            try out.withUnsafeMutableBufferPointer { o in
                try backend.dequantize(bytes, dtype: dtype, elements: elements, into: o.baseAddress!)
            }
        }
        return out
    }

    /// Records the first element where the device's bit pattern differs from the host's.
    static func expectSameBits(_ blocks: [UInt8], _ dtype: DType, _ ranges: [Range<Int>], _ label: String) throws {
        for range in ranges {
            let want = host(blocks, dtype, range), got = try device(blocks, dtype, range)
            if let i = want.indices.first(where: { want[$0].bitPattern != got[$0].bitPattern }) {
                let (g, w) = (String(got[i].bitPattern, radix: 16), String(want[i].bitPattern, radix: 16))
                Issue.record("\(dtype.rawValue) \(label) \(range): element \(range.lowerBound + i) is 0x\(g) on the device, 0x\(w) on the host")
            }
        }
    }

    /// Whole-tensor and mid-block ranges of a tensor of `count` elements in blocks of `block`.
    static func ranges(count: Int, block: Int) -> [Range<Int>] {
        [0..<count, 0..<1, 1..<block, block - 1..<block + 1, 3..<count - 5, block / 2..<2 * block + 7,
         count - 1..<count, block..<2 * block, count / 2..<count / 2]
    }

    /// `count` random blocks of `dtype`: random bytes, with every f16 (or Q8_K's f32) scale
    /// replaced by one from `scale`.
    static func randomBlocks(_ dtype: DType, count: Int, seed: UInt64,
                             scale: (inout SeededGenerator) -> UInt32) -> [UInt8] {
        var random = SeededGenerator(seed: seed)
        var bytes = (0..<count * dtype.blockBytes).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        for b in 0..<count {
            let base = b * dtype.blockBytes
            if dtype == .q8_K {
                let bits = scale(&random)
                for k in 0..<4 { bytes[base + k] = UInt8(truncatingIfNeeded: bits >> (8 * k)) }
                continue
            }
            for offset in scaleOffsets(dtype) {
                let bits = UInt16(truncatingIfNeeded: scale(&random))
                bytes[base + offset] = UInt8(truncatingIfNeeded: bits)
                bytes[base + offset + 1] = UInt8(truncatingIfNeeded: bits >> 8)
            }
        }
        return bytes
    }

    /// Byte offsets of a block's f16 scales.
    static func scaleOffsets(_ dtype: DType) -> [Int] {
        switch dtype {
        case .q4_0, .q5_0, .q8_0: [0]
        case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
        case .q2_K: [80, 82]
        case .q3_K: [108]
        case .q6_K: [208]
        default: []
        }
    }

    /// A finite f16 (Q8_K: f32) of moderate size, either sign.
    static func finiteScale(_ dtype: DType) -> (inout SeededGenerator) -> UInt32 {
        { random in
            let value = random.float(-4, 4)
            return dtype == .q8_K ? value.bitPattern : UInt32(Float16(value).bitPattern)
        }
    }

    /// Scales that make the CPU produce ±Inf, NaN, overflow and tiny values: infinities, quiet
    /// and signalling NaNs, subnormals, the largest finite, zero and −0, among ordinary ones.
    static func specialScale(_ dtype: DType) -> (inout SeededGenerator) -> UInt32 {
        let half: [UInt16] = [0x7C00, 0xFC00, 0x7E00, 0xFE01, 0x7D00, 0x0001, 0x83FF, 0x7BFF, 0xFBFF, 0x0000, 0x8000, 0x3C00]
        let single: [UInt32] = [0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0x7FA0_0001, 0x0000_0001, 0x807F_FFFF,
                                0x7F7F_FFFF, 0xFF7F_FFFF, 0x0000_0000, 0x8000_0000, 0x3F80_0000]
        return { random in
            dtype == .q8_K ? single[random.int(0...single.count - 1)] : UInt32(half[random.int(0...half.count - 1)])
        }
    }

    @Test(arguments: quantized)
    func fixtureTensorsDecodeToTheHostsBits(_ dtype: DType) throws {
        let (tensor, bytes, full) = try DequantizationTests.fixture(dtype)
        let blocks = bytes.array
        try Self.expectSameBits(blocks, dtype, Self.ranges(count: tensor.count, block: dtype.blockSize), "all-types.gguf")
        let expected = try #require(GGUFFixtures.expected()["all-types.gguf"]?[tensor.name])
        #expect(GGUFFixtures.fnv1a(try Self.device(blocks, dtype, 0..<tensor.count)) == expected.fnv1a)
        #expect(full.count == tensor.count)
    }

    @Test(arguments: quantized)
    func randomBlocksWithFiniteScalesDecodeToTheHostsBits(_ dtype: DType) throws {
        let count = 37
        let blocks = Self.randomBlocks(dtype, count: count, seed: 0xD0 + UInt64(dtype.blockBytes), scale: Self.finiteScale(dtype))
        var random = SeededGenerator(seed: 99)
        let elements = count * dtype.blockSize
        var ranges = Self.ranges(count: elements, block: dtype.blockSize)
        for _ in 0..<8 {
            let a = random.int(0...elements), b = random.int(0...elements)
            ranges.append(min(a, b)..<max(a, b))
        }
        try Self.expectSameBits(blocks, dtype, ranges, "random finite scales")
    }

    @Test(arguments: quantized)
    func nonFiniteAndExtremeScalesDecodeToTheHostsBits(_ dtype: DType) throws {
        let count = 41
        let blocks = Self.randomBlocks(dtype, count: count, seed: 0x5EC + UInt64(dtype.blockBytes), scale: Self.specialScale(dtype))
        let elements = count * dtype.blockSize
        let host = Self.host(blocks, dtype, 0..<elements)
        #expect(host.contains { $0.isNaN } && host.contains { $0.isInfinite }, "the scales should produce NaN and ±Inf")
        try Self.expectSameBits(blocks, dtype, Self.ranges(count: elements, block: dtype.blockSize), "special scales")
    }

    @Test(arguments: [DType.q4_0, .q6_K])
    func runsLongerThanOneLaunchAreSplitAtTheChunk(_ dtype: DType) throws {
        let chunk = OpenCLEngine.dequantChunk
        let count = (chunk + 3 * dtype.blockSize) / dtype.blockSize + 2
        let blocks = Self.randomBlocks(dtype, count: count, seed: 4, scale: Self.finiteScale(dtype))
        let elements = count * dtype.blockSize
        // Mid-block starts put the launch boundaries mid-block as well.
        try Self.expectSameBits(blocks, dtype, [0..<elements, 5..<elements - 3, chunk - 7..<chunk + 9], "long run")
    }

    @Test func rangesOutsideTheBlocksAreRefused() throws {
        let blocks = [UInt8](repeating: 0, count: 2 * DType.q8_0.blockBytes + 5)
        #expect(throws: BackendError.self) { _ = try Self.device(blocks, .q8_0, 60..<65) }
        #expect(throws: BackendError.self) { _ = try Self.device(blocks, .f32, 0..<1) }
        #expect(try Self.device(blocks, .q8_0, 0..<64).count == 64)
        #expect(try ParityEnvironment.backend().canDequantize(.q4_K))
        #expect(try !ParityEnvironment.backend().canDequantize(.f16))
    }

    @Test(arguments: quantized)
    func valueSourceDecodesContiguousRunsOnTheDevice(_ dtype: DType) throws {
        let backend = try ParityEnvironment.backend()
        let (tensor, bytes, full) = try DequantizationTests.fixture(dtype)
        let source = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView, dequantizer: backend)
        #expect(source.usesDequantizer == backend.canDequantize(dtype))
        var scratch: [Float] = []
        var seen: [Float] = []
        try source.forEachChunk(maxCount: 100, scratch: &scratch) { _, values in seen += values }
        #expect(seen.map(\.bitPattern) == full.map(\.bitPattern))
        // A transposed view is strided: the host decodes it.
        let transposed = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView.permuted([1, 0]), dequantizer: backend)
        #expect(!transposed.usesDequantizer)
    }

    @Test func renderingAQuantisedFileDecodesOnTheDevice() throws {
        // Its own backend: the shared one's timings are taken by tests running beside this one.
        let backend = try OpenCLBackend(device: try ParityEnvironment.backend().device)
        let file = try WeightFiles.open(GGUFFixtures.path("all-types.gguf"))
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let renderer = TensorRenderer(options: RenderOptions(), backend: backend)
        let cpu = TensorRenderer(options: RenderOptions(), backend: CPUBackend())
        for tensor in file.tensors where tensor.dtype.isBlockQuantized {
            let plan = LayoutPlanner(options: renderer.options).plan(tensor)
            #expect(try renderer.source(tensor, plan: plan, in: file).usesDequantizer == plan.values.isContiguous, "\(tensor.name)")
            #expect(try !cpu.source(tensor, plan: plan, in: file).usesDequantizer)
            let opencl = try renderer.render(tensor, in: file, to: out + "/\(tensor.name)-opencl.png")
            let host = try cpu.render(tensor, in: file, to: out + "/\(tensor.name)-cpu.png")
            #expect(opencl.stats.min == host.stats.min && opencl.stats.max == host.stats.max, "\(tensor.name)")
            let a = try Data(contentsOf: URL(fileURLWithPath: out + "/\(tensor.name)-opencl.png"))
            let b = try Data(contentsOf: URL(fileURLWithPath: out + "/\(tensor.name)-cpu.png"))
            #expect(a == b, "\(tensor.name): the PNG files differ")
        }
        #expect(backend.takeTimings().seconds[.dequantize] != nil)
    }

    @Test func cliRendersAllTypesToTheSamePNGBytesOnBothBackends() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var files: [String: [String: Data]] = [:]
        for backend in ["cpu", "opencl"] {
            let folder = out + "/" + backend
            let result = try CLI.run(["render", GGUFFixtures.path("all-types.gguf"), "-o", folder, "--quiet", "--backend", backend])
            #expect(result.status == 0, "\(backend): \(result.stderr)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".png") {
                files[backend, default: [:]][file] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            }
        }
        #expect(files["cpu"]?.keys.sorted() == files["opencl"]?.keys.sorted())
        #expect(files["cpu"]?.keys.contains("q4_k.weight.png") == true)
        for (name, bytes) in files["cpu"] ?? [:] { #expect(files["opencl"]?[name] == bytes, "\(name)") }
    }
}

/// A dequantiser's failure is a backend failure: it reaches the caller as `BackendError`
/// (which `--backend auto` answers by falling back to the CPU). No device needed.
@Suite struct BlockDequantizerFailureTests {
    final class Failing: BlockDequantizer {
        func canDequantize(_ dtype: DType) -> Bool { true }
        func dequantize(_ blocks: UnsafeRawBufferPointer, dtype: DType, elements: Range<Int>,
                        into out: UnsafeMutablePointer<Float>) throws(BackendError) {
            throw BackendError(backend: "test", message: "device lost")
        }
    }

    @Test func measuringThrowsTheDequantisersError() throws {
        let (tensor, bytes, _) = try DequantizationTests.fixture(.q4_K)
        let source = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView, dequantizer: Failing())
        #expect(source.usesDequantizer)
        #expect {
            _ = try LayerStatistics.measure(source, units: StatisticsUnits(filter: 512, group: 512), backend: CPUBackend())
        } throws: { ($0 as? BackendError)?.message == "device lost" }
        #expect(throws: BackendError.self) {
            _ = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 3, cols: 512, blockRows: 1, blockCols: 4, reduction: .mean))
        }
        let host = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView)
        #expect(!host.usesDequantizer)
        _ = try LayerStatistics.measure(host, units: StatisticsUnits(filter: 512, group: 512), backend: CPUBackend())
    }
}
