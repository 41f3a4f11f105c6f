import Foundation
import Dispatch
import Synchronization
import WeightAtlasTensor

/// Shrinks a matrix for a heatmap: each `blockRows`×`blockCols` block becomes one value (the mean,
/// root mean square or standard deviation of its finite values, or the finite value of largest
/// magnitude; NaN when none is finite), then, with `logMagnitude`, log10 of its magnitude
/// (zero becomes log10 of the smallest Float32, −44.85, which robust bounds clip away).
///
/// It runs on the host for every backend, so both render the same reduced image.
public enum BlockReducer {
    /// The reduced image of `source` (a `plan.rows`×`plan.cols` row-major matrix), row-major.
    /// - Throws: `BackendError` from `source`'s dequantiser.
    public static func reduce(_ source: ValueSource, plan: HeatmapPlan, logMagnitude: Bool = false) throws(BackendError) -> [Float] {
        let (outRows, outCols, cols) = (plan.outputRows, plan.outputCols, plan.cols)
        let (blockRows, blockCols) = (plan.blockRows, plan.blockCols)
        let squares = plan.reduction == .rms || plan.reduction == .std
        var image = [Float](repeating: 0, count: outRows * outCols)
        let failure = Mutex<BackendError?>(nil)
        image.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out.baseAddress!
            // Bands of output rows; each band reads its `block` input rows as one run.
            let bands = min(outRows, 64)
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                var scratch: [Float] = []
                var sums = [Double](repeating: 0, count: outCols), counts = [Int](repeating: 0, count: outCols)
                var sumSquares = [Double](repeating: 0, count: squares ? outCols : 0)
                var best = [Float](repeating: .nan, count: outCols)
                for row in (outRows * band / bands)..<(outRows * (band + 1) / bands) {
                    for i in 0..<outCols { sums[i] = 0; counts[i] = 0; best[i] = .nan }
                    for i in sumSquares.indices { sumSquares[i] = 0 }
                    // The block row's values in runs of at most 1 M, so memory stays bounded
                    // however long a row is.
                    let rows = (row * blockRows)..<min(plan.rows, (row + 1) * blockRows)
                    var start = rows.lowerBound * cols
                    while start < rows.upperBound * cols {
                        let run = start..<min(rows.upperBound * cols, start + (1 << 20))
                        do throws(BackendError) {
                            try source.withValues(run, scratch: &scratch) { values in
                                guard let base = values.baseAddress else { return }
                                // Walk the run block segment by block segment: one division
                                // per input row, none per value; per output column the values
                                // are added in the same order as one by one (same bytes).
                                var i = 0
                                while i < values.count {
                                    let column = (run.lowerBound + i) % cols
                                    let rowEnd = min(values.count, i + cols - column)
                                    var o = column / blockCols
                                    var end = min(rowEnd, i + blockCols - column % blockCols)
                                    while i < rowEnd {
                                        let block = UnsafeBufferPointer(start: base + i, count: end - i)
                                        switch plan.reduction {
                                        case .maxabs: Self.largestMagnitude(block, into: &best[o])
                                        case .mean: Self.sum(block, into: &sums[o], count: &counts[o])
                                        case .rms, .std:
                                            Self.sum(block, into: &sums[o], count: &counts[o])
                                            Self.sumOfSquares(block, into: &sumSquares[o])
                                        }
                                        o += 1
                                        i = end
                                        end = min(rowEnd, i + blockCols)
                                    }
                                }
                            }
                        } catch {
                            failure.withLock { $0 = $0 ?? error }
                            return
                        }
                        start = run.upperBound
                    }
                    for i in 0..<outCols {
                        let n = Double(counts[i]), mean = sums[i] / n
                        let value: Float = switch plan.reduction {
                        case .maxabs: best[i]
                        case _ where counts[i] == 0: .nan
                        case .mean: Float(mean)
                        case .rms: Float((sumSquares[i] / n).squareRoot())
                        case .std: Float(max(0, sumSquares[i] / n - mean * mean).squareRoot())
                        }
                        out[row * outCols + i] = logMagnitude ? Self.log10Magnitude(value) : value
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return image
    }

    /// Adds the finite values of `block` to `sum` and counts them, in order.
    @inline(__always)
    static func sum(_ block: UnsafeBufferPointer<Float>, into sum: inout Double, count: inout Int) {
        var s = sum, n = count
        for v in block where v.isFinite {
            s += Double(v)
            n &+= 1
        }
        sum = s
        count = n
    }

    /// Adds the squares of the finite values of `block` to `sum`, in order.
    @inline(__always)
    static func sumOfSquares(_ block: UnsafeBufferPointer<Float>, into sum: inout Double) {
        var s = sum
        for v in block where v.isFinite { s += Double(v) * Double(v) }
        sum = s
    }

    /// Keeps in `best` the first finite value of largest magnitude (NaN until one is seen).
    @inline(__always)
    static func largestMagnitude(_ block: UnsafeBufferPointer<Float>, into best: inout Float) {
        var b = best
        for v in block where v.isFinite && !(abs(b) >= abs(v)) { b = v }
        best = b
    }

    /// log10 |v|, with zero at log10 of the smallest positive Float32 (NaN stays NaN).
    @inline(__always)
    static func log10Magnitude(_ v: Float) -> Float {
        Float(Foundation.log10(Double(max(abs(v), .leastNonzeroMagnitude))))
    }
}
