import WeightAtlasTensor

/// 64 counts of a tensor's finite values, bins uniform on [min, max] as
/// `numpy.histogram(x.astype(float64), bins=64, range=(min, max))` makes them: edges
/// `numpy.linspace(lo, hi, 65)` in Float64 (edge i = i·step + lo, step = (hi − lo)/64, the last
/// edge hi itself), bin i holding lo_i ≤ x < lo_{i+1}, the last bin closed; when min = max the
/// range is (min − 0.5, max + 0.5), as numpy widens it.
///
/// Each Float64 edge becomes a Float32 threshold, the smallest Float32 not below it, so
/// `x ≥ threshold` is exactly `Float64(x) ≥ edge`, and a value's bin is the last threshold
/// it reaches (`bin(of:)`, six comparisons: the reference the tests hold the fast path to).
/// The CPU and Kernels/histogram.cl both find it from a Float32 guess corrected against the
/// thresholds (`bin(of:guessFrom:scale:_:)`); the correction makes it exact, so they agree.
public struct Histogram: Sendable, Equatable {
    /// Bins.
    public static let binCount = 64
    /// The first edge.
    public var lo: Double
    /// The last edge.
    public var hi: Double
    /// Count per bin.
    public var counts: [Int]

    /// A histogram of `counts` over [lo, hi].
    public init(lo: Double, hi: Double, counts: [Int]) {
        self.lo = lo
        self.hi = hi
        self.counts = counts
    }

    /// The edges of a histogram of finite values spanning [min, max].
    public static func edges(min: Float, max: Float) -> [Double] {
        var (lo, hi) = (Double(min), Double(max))
        if lo == hi { (lo, hi) = (lo - 0.5, hi + 0.5) }
        let step = (hi - lo) / Double(binCount)
        var edges = (0...binCount).map { Double($0) * step + lo }
        edges[binCount] = hi
        return edges
    }

    /// Each edge as the smallest Float32 that is not below it.
    public static func thresholds(_ edges: [Double]) -> [Float] {
        edges.map { edge in
            var t = Float(edge)
            if Double(t) < edge { t = t.nextUp }
            while Double(t.nextDown) >= edge { t = t.nextDown }
            return t
        }
    }

    /// `lo` and `scale` of `bin(of:guessFrom:scale:_:)` for `thresholds` (65): the first
    /// threshold and 64 / (last − first), 0 when they are equal. The CPU and the kernel share it.
    public static func guess(_ thresholds: [Float]) -> (lo: Float, scale: Float) {
        let (lo, hi) = (Double(thresholds[0]), Double(thresholds[binCount]))
        return (thresholds[0], hi > lo ? Float(Double(binCount) / (hi - lo)) : 0)
    }

    /// The bin of finite `x` from the guess ⌊(x − lo) · scale⌋ (scale ≈ 64 / (hi − lo)), moved
    /// until x ≥ t[b] and, below the last bin, x < t[b + 1]: the same bin as `bin(of:)`, with two
    /// comparisons instead of six data-dependent ones.
    /// The guess is in Float32 (a clamped `Float` → `Int` conversion, no Float64 on the way):
    /// it may be off by a bin or, where `x − lo` or the scale overflows, by more; the correction
    /// is exact either way.
    @inline(__always)
    public static func bin(of x: Float, guessFrom lo: Float, scale: Float, _ t: UnsafePointer<Float>) -> Int {
        let g = (x - lo) * scale
        var b = g >= 1 ? Int(Swift.min(g, Float(binCount - 1))) : 0  // NaN (0 · ∞) and negatives: 0
        while b > 0 && x < t[b] { b -= 1 }
        while b < binCount - 1 && x >= t[b + 1] { b += 1 }
        return b
    }

    /// The bin of finite `x` (one of the counted values): the last i ≤ 63 with x ≥ thresholds[i].
    @inline(__always)
    public static func bin(of x: Float, _ t: UnsafePointer<Float>) -> Int {
        var b = x >= t[32] ? 32 : 0
        if x >= t[b + 16] { b += 16 }
        if x >= t[b + 8] { b += 8 }
        if x >= t[b + 4] { b += 4 }
        if x >= t[b + 2] { b += 2 }
        if x >= t[b + 1] { b += 1 }
        return b
    }
}

/// A backend that counts histogram bins (the OpenCL backend, in a kernel), giving exactly the
/// CPU's counts.
public protocol HistogramCounter: AnyObject, Sendable {
    /// Adds the bins of the finite values of `values` under `thresholds` (65 Float32s) to `counts` (64).
    /// - Throws: `BackendError` for a failing device call.
    func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int]) throws(BackendError)

    /// `countBins` of values that are elements `origin.start…` of the tensor `origin` names.
    func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int],
                   origin: ValueOrigin?) throws(BackendError)
}

extension HistogramCounter {
    /// Without device memory, where the values come from does not matter.
    public func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int],
                          origin: ValueOrigin?) throws(BackendError) {
        try countBins(values, thresholds: thresholds, into: &counts)
    }
}

extension CPUBackend: HistogramCounter {
    /// The counts on every core, a piece each, then summed (integers: any order gives the same).
    /// Each piece keeps four interleaved sets of bins, so runs of values in one bin do not
    /// wait on each other's increments.
    public func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int]) throws(BackendError) {
        let pieces = values.count >= 1 << 18 ? workers * 4 : 1, sets = 4
        let (low, scale) = Histogram.guess(thresholds)
        let partial = UnsafeMutableBufferPointer<Int>.allocate(capacity: pieces * sets * Histogram.binCount)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0)
        nonisolated(unsafe) let (v, out) = (values, partial)
        record(.histogram) {
            thresholds.withUnsafeBufferPointer { t in
                nonisolated(unsafe) let t = t.baseAddress!
                parallel(pieces) { p in
                    let bins = out.baseAddress! + p * sets * Histogram.binCount
                    for i in (v.count * p / pieces)..<(v.count * (p + 1) / pieces) where v[i].isFinite {
                        bins[(i & (sets - 1)) * Histogram.binCount + Histogram.bin(of: v[i], guessFrom: low, scale: scale, t)] += 1
                    }
                }
            }
        }
        for p in 0..<(pieces * sets) { for b in 0..<Histogram.binCount { counts[b] += partial[p * Histogram.binCount + b] } }
    }
}
