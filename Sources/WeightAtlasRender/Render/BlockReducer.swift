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
        let (outRows, outCols) = (plan.outputRows, plan.outputCols)
        var image = [Float](repeating: 0, count: outRows * outCols)
        let failure = Mutex<BackendError?>(nil)
        image.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out.baseAddress!
            // Bands of output rows; each band reads its `block` input rows as one run.
            let bands = min(outRows, 64)
            DispatchQueue.concurrentPerform(iterations: bands) { band in
                var scratch: [Float] = []
                let accumulator = BlockAccumulator(count: outCols, squares: plan.reduction == .rms || plan.reduction == .std)
                defer { accumulator.deallocate() }
                for row in (outRows * band / bands)..<(outRows * (band + 1) / bands) {
                    accumulator.reset()
                    do throws(BackendError) {
                        try add(row, of: source, plan: plan, to: accumulator, scratch: &scratch)
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                    for i in 0..<outCols {
                        let value = accumulator.value(i, plan.reduction)
                        out[row * outCols + i] = logMagnitude ? Self.log10Magnitude(value) : value
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return image
    }

    /// Adds block row `row` of `source` to `accumulator`: its input rows' values in runs of
    /// at most 1 M, so memory stays bounded however long a row is; one division per input row
    /// and none per value; the mode chosen once per run, not per block.
    private static func add(_ row: Int, of source: ValueSource, plan: HeatmapPlan, to accumulator: BlockAccumulator,
                            scratch: inout [Float]) throws(BackendError) {
        let cols = plan.cols
        let rows = (row * plan.blockRows)..<min(plan.rows, (row + 1) * plan.blockRows)
        var start = rows.lowerBound * cols
        while start < rows.upperBound * cols {
            let run = start..<min(rows.upperBound * cols, start + (1 << 20))
            try source.withValues(run, scratch: &scratch) { values in
                guard let base = values.baseAddress else { return }
                switch plan.reduction {
                case .maxabs:
                    forEachBlock(base, values.count, first: run.lowerBound, plan) { largestMagnitude($0, into: &accumulator.best[$1]) }
                case .mean:
                    forEachBlock(base, values.count, first: run.lowerBound, plan) {
                        sum($0, into: &accumulator.sums[$1], count: &accumulator.counts[$1])
                    }
                case .rms, .std:
                    forEachBlock(base, values.count, first: run.lowerBound, plan) {
                        sum($0, into: &accumulator.sums[$1], count: &accumulator.counts[$1])
                        sumOfSquares($0, into: &accumulator.squares[$1])
                    }
                }
            }
            start = run.upperBound
        }
    }

    /// Calls `body(segment, o)` for each piece of the `count` values at `base` (elements
    /// `first…` of the row-major matrix) that lies in one row and output column o, in order.
    @inline(__always)
    private static func forEachBlock(_ base: UnsafePointer<Float>, _ count: Int, first: Int, _ plan: HeatmapPlan,
                                     _ body: (UnsafeBufferPointer<Float>, Int) -> Void) {
        let (cols, blockCols) = (plan.cols, plan.blockCols)
        var i = 0
        while i < count {
            let column = (first + i) % cols
            let rowEnd = min(count, i + cols - column)
            var o = column / blockCols
            var end = min(rowEnd, i + blockCols - column % blockCols)
            while i < rowEnd {
                body(UnsafeBufferPointer(start: base + i, count: end - i), o)
                o += 1
                i = end
                end = min(rowEnd, i + blockCols)
            }
        }
    }

    /// Adds the finite values of `block` to `sum` and counts them, in order.
    @inline(__always)
    static func sum(_ block: UnsafeBufferPointer<Float>, into sum: inout Double, count: inout Int) {
        // Without a branch: a non-finite value adds +0.0, which leaves every sum as it is (a
        // sum that starts at +0.0 is never −0.0).
        var s = sum, n = count
        for v in block {
            let finite = v.isFinite
            s += finite ? Double(v) : 0
            n &+= finite ? 1 : 0
        }
        sum = s
        count = n
    }

    /// Adds the squares of the finite values of `block` to `sum`, in order (non-finite ones
    /// add +0.0, as in `sum`).
    @inline(__always)
    static func sumOfSquares(_ block: UnsafeBufferPointer<Float>, into sum: inout Double) {
        var s = sum
        for v in block {
            let d = v.isFinite ? Double(v) : 0
            s += d * d
        }
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

/// One band's per-column state of `BlockReducer`: sums, counts, sums of squares (rms, std)
/// and the value of largest magnitude (maxabs), in memory of its own.
final class BlockAccumulator {
    let sums: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>
    let counts: UnsafeMutablePointer<Int>, best: UnsafeMutablePointer<Float>
    let count: Int, squaresCount: Int

    init(count: Int, squares withSquares: Bool) {
        self.count = count
        squaresCount = withSquares ? count : 0
        sums = .allocate(capacity: count)
        squares = .allocate(capacity: squaresCount)
        counts = .allocate(capacity: count)
        best = .allocate(capacity: count)
    }

    func deallocate() {
        sums.deallocate()
        squares.deallocate()
        counts.deallocate()
        best.deallocate()
    }

    /// Zero sums and counts, NaN as the largest magnitude, for the next block row.
    func reset() {
        sums.initialize(repeating: 0, count: count)
        squares.initialize(repeating: 0, count: squaresCount)
        counts.initialize(repeating: 0, count: count)
        best.initialize(repeating: .nan, count: count)
    }

    /// Column `i`'s value under `reduction` (NaN where no value was finite).
    func value(_ i: Int, _ reduction: BlockReduction) -> Float {
        let n = Double(counts[i]), mean = sums[i] / n
        return switch reduction {
        case .maxabs: best[i]
        case _ where counts[i] == 0: .nan
        case .mean: Float(mean)
        case .rms: Float((squares[i] / n).squareRoot())
        case .std: Float(max(0, squares[i] / n - mean * mean).squareRoot())
        }
    }
}
