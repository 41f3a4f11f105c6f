import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The block reducer reads a matrix in runs of 1 M values that end mid-row and mid-block;
/// each output must equal the value-by-value reference over its block, bit for bit.
@Suite struct BlockReducerRunTests {
    /// The reference: each block's finite values in row-major order, reduced in Double.
    static func reference(_ values: [Float], rows: Int, cols: Int, blockRows: Int, blockCols: Int,
                          reduction: BlockReduction) -> [Float] {
        let outRows = (rows + blockRows - 1) / blockRows, outCols = (cols + blockCols - 1) / blockCols
        var out: [Float] = []
        for br in 0..<outRows {
            for bc in 0..<outCols {
                var sum = 0.0, squares = 0.0, count = 0, best = Float.nan
                for r in (br * blockRows)..<min(rows, (br + 1) * blockRows) {
                    for c in (bc * blockCols)..<min(cols, (bc + 1) * blockCols) {
                        let v = values[r * cols + c]
                        guard v.isFinite else { continue }
                        sum += Double(v)
                        squares += Double(v) * Double(v)
                        count += 1
                        if !(abs(best) >= abs(v)) { best = v }
                    }
                }
                let n = Double(count), mean = sum / n
                let value: Float = switch reduction {
                case .maxabs: best
                case _ where count == 0: .nan
                case .mean: Float(mean)
                case .rms: Float((squares / n).squareRoot())
                case .std: Float(max(0, squares / n - mean * mean).squareRoot())
                }
                out.append(value)
            }
        }
        return out
    }

    @Test(arguments: [BlockReduction.mean, .maxabs, .rms, .std])
    func runsEndingMidRowAndMidBlockGiveTheReference(_ reduction: BlockReduction) throws {
        // 3001 columns (no power of two divides it), blocks of 7×13 with ragged edges; some
        // NaN/Inf and one fully non-finite block.
        let rows = 703, cols = 3001
        var state: UInt32 = 7
        var values = (0..<(rows * cols)).map { _ -> Float in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(Int32(bitPattern: state) >> 8) / 65_536
        }
        for i in stride(from: 5, to: values.count, by: 9_973) { values[i] = i % 2 == 0 ? .nan : -.infinity }
        for r in 0..<7 { for c in 0..<13 { values[r * cols + c] = .nan } }
        let file = TensorRendererTests.MemoryFile(values, shape: [rows, cols])
        let info = file.tensors[0]
        let source = ValueSource(bytes: try file.bytes(of: info), info: info,
                                 view: StridedView(storedShape: [rows, cols], order: .rowMajor))
        let plan = HeatmapPlan(rows: rows, cols: cols, blockRows: 7, blockCols: 13, reduction: reduction)
        let reduced = try BlockReducer.reduce(source, plan: plan)
        let expected = Self.reference(values, rows: rows, cols: cols, blockRows: 7, blockCols: 13, reduction: reduction)
        #expect(reduced.count == expected.count)
        #expect(reduced[0].isNaN)
        #expect(zip(reduced, expected).allSatisfy { $0.bitPattern == $1.bitPattern })
    }
}
