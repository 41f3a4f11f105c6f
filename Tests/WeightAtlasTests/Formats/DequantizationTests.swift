import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Block-quantised types decoded by element index: a run that starts or ends mid-block, or
/// walks with a stride, gives exactly the values of a full decode.
@Suite struct DequantizationTests {
    static let quantized: [DType] = [.q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K]

    /// The tensor of `dtype` in all-types.gguf, its bytes and its full decode.
    static func fixture(_ dtype: DType) throws -> (TensorInfo, TensorBytes, [Float]) {
        let file = try WeightFiles.open(GGUFFixtures.path("all-types.gguf"))
        let tensor = try #require(file.tensors.first { $0.dtype == dtype })
        return (tensor, try file.bytes(of: tensor), try Fixtures.values(of: tensor, in: file))
    }

    @Test(arguments: quantized)
    func blockGeometry(_ dtype: DType) throws {
        let (tensor, bytes, _) = try Self.fixture(dtype)
        #expect(dtype.isBlockQuantized)
        #expect(dtype.size == dtype.blockBytes)
        #expect(bytes.count == tensor.count / dtype.blockSize * dtype.blockBytes)
        #expect(DType.f32.blockSize == 1 && DType.f32.blockBytes == 4 && !DType.f32.isBlockQuantized)
    }

    @Test(arguments: quantized)
    func rangesStartingMidBlockMatchTheFullDecode(_ dtype: DType) throws {
        let (tensor, bytes, full) = try Self.fixture(dtype)
        let conversion = ElementConversion(dtype: dtype, byteOrder: .little)
        let block = dtype.blockSize
        let ranges = [0..<1, 1..<block, block - 1..<block + 1, 3..<tensor.count - 5, block / 2..<2 * block + 7,
                      tensor.count - 1..<tensor.count, block..<2 * block]
        for range in ranges {
            var out = [Float](repeating: .nan, count: range.count)
            bytes.withUnsafeBytes { conversion.convert($0.baseAddress!, element: range.lowerBound, count: range.count, into: &out) }
            #expect(out.map(\.bitPattern) == full[range].map(\.bitPattern), "\(dtype) \(range)")
        }
    }

    @Test(arguments: quantized)
    func stridedRunsMatchTheFullDecode(_ dtype: DType) throws {
        let (tensor, bytes, full) = try Self.fixture(dtype)
        let conversion = ElementConversion(dtype: dtype, byteOrder: .little)
        let columns = tensor.shape[1]
        // Down a column (stride = row length), every 7th element, and backwards.
        for (first, stride, count) in [(5, columns, tensor.shape[0]), (3, 7, (tensor.count - 3) / 7), (tensor.count - 1, -3, (tensor.count - 1) / 3 + 1)] {
            var out = [Float](repeating: .nan, count: count)
            bytes.withUnsafeBytes { conversion.convert($0.baseAddress!, element: first, stride: stride, count: count, into: &out) }
            let want = (0..<count).map { full[first + $0 * stride].bitPattern }
            #expect(out.map(\.bitPattern) == want, "\(dtype) first \(first) stride \(stride)")
        }
    }

    @Test(arguments: quantized)
    func transposedViewMatchesTheFullDecode(_ dtype: DType) throws {
        let (tensor, bytes, full) = try Self.fixture(dtype)
        let (rows, columns) = (tensor.shape[0], tensor.shape[1])
        let view = StridedView(storedShape: tensor.shape, order: .rowMajor).permuted([1, 0])
        var out = [Float](repeating: .nan, count: tensor.count)
        bytes.withUnsafeBytes {
            view.read(0..<tensor.count, from: $0.baseAddress!, conversion: ElementConversion(dtype: dtype, byteOrder: .little), into: &out)
        }
        for c in 0..<columns {
            for r in 0..<rows where out[c * rows + r].bitPattern != full[r * columns + c].bitPattern {
                Issue.record("\(dtype) [\(r), \(c)]")
                return
            }
        }
    }

    @Test func valueSourceChunksOfAQuantisedTensorMatchTheFullDecode() throws {
        let (tensor, bytes, full) = try Self.fixture(.q6_K)
        let source = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView)
        var scratch: [Float] = []
        var seen: [Float] = []
        try source.forEachChunk(maxCount: 100, scratch: &scratch) { _, values in seen += values }
        #expect(seen.map(\.bitPattern) == full.map(\.bitPattern))
    }
}
