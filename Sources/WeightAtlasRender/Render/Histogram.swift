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
/// The CPU (`bins(of:count:…)`, a block at a time) and Kernels/histogram.cl
/// (`bin(of:guessFrom:scale:_:)`) both find it from a Float32 guess corrected against the
/// thresholds; the correction makes it exact, so they agree.
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

    /// How far from a whole number a guess g = (x − lo) · scale (Float32, g < 64) must lie for
    /// ⌊g⌋ to be x's bin with no comparison: the farthest any threshold lies from its whole
    /// number in guess units, plus 2·10⁻⁵ for the guess's own rounding (two roundings of at
    /// most 2⁻²⁴ relative, ≤ 7.7·10⁻⁶ at g ≤ 64). If x's exact position p = (x − lo) · scale
    /// is within that of g and g's fraction is at least the margin from 0 and 1, p lies
    /// strictly between the positions of t[⌊g⌋] and t[⌊g⌋ + 1], and so does x. 0.5 or more
    /// (bins narrower than the thresholds' spacing) leaves every value to the comparisons.
    public static func margin(_ thresholds: [Float], lo: Float, scale: Float) -> Float {
        var farthest = 0.0
        for (b, t) in thresholds.enumerated() {
            let distance = abs((Double(t) - Double(lo)) * Double(scale) - Double(b))
            guard distance.isFinite else { return .infinity }   // 0 · ∞ or ∞: trust no guess
            farthest = Swift.max(farthest, distance)
        }
        return Float(farthest + 2e-5)
    }

    /// The bins of `count` values at `x` into `bins`, exactly as `bin(of:guessFrom:scale:_:)`
    /// finds them, and 64 for a non-finite value. First a loop without branches or traps, which
    /// vectorises: b = ⌊g⌋ as the low byte of max(g, ½) + 2²³ − ½ (g clamped to 0…63.5), sure
    /// when g's fraction is at least `margin` from 0 and 1, unsure (bit 7 set) otherwise, as
    /// NaN, ±∞ and g ≥ 64 always are. Then only the unsure ones, about 4·10⁻⁵ of uniform data,
    /// are corrected against the thresholds. 45 M uniform values: ~2 ns a value; the guess and
    /// correction fused with the count took ~10 (a gather and a compare per value).
    @inline(__always)
    static func bins(of x: UnsafePointer<Float>, count: Int, guessFrom lo: Float, scale: Float, margin: Float,
                     _ t: UnsafePointer<Float>, into bins: UnsafeMutablePointer<UInt8>) {
        var unsure: UInt8 = 0
        for j in 0..<count {
            let g = (x[j] - lo) * scale
            let bits = (Swift.max(g >= 1 ? Swift.min(g, 63.5) : 0, 0.5) + 8_388_607.5).bitPattern   // NaN, negatives: 0
            let fraction = g - (Float(bitPattern: bits) - 8_388_608)
            let byte = UInt8(truncatingIfNeeded: bits) | (fraction >= margin && fraction <= 1 - margin ? 0 : 0x80)
            bins[j] = byte
            unsure |= byte
        }
        guard unsure & 0x80 != 0 else { return }
        for j in 0..<count where bins[j] & 0x80 != 0 {
            let value = x[j]
            guard value.isFinite else { bins[j] = UInt8(binCount); continue }
            var b = Int(bins[j] & 0x7F)
            while b > 0 && value < t[b] { b -= 1 }
            while b < binCount - 1 && value >= t[b + 1] { b += 1 }
            bins[j] = UInt8(truncatingIfNeeded: b)
        }
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
    /// A piece finds the bins of 4,096 values at a time (`Histogram.bins`), then counts them
    /// into four interleaved sets of 65 (the 65th: non-finite values, not counted), so runs of
    /// values in one bin do not wait on each other's increments.
    public func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int]) throws(BackendError) {
        guard let first = values.baseAddress, !values.isEmpty else { return }
        let pieces = values.count >= 1 << 18 ? workers * 4 : 1, sets = 4, slots = Histogram.binCount + 1, block = 4096
        let (low, scale) = Histogram.guess(thresholds)
        let margin = Histogram.margin(thresholds, lo: low, scale: scale)
        let partial = UnsafeMutableBufferPointer<Int>.allocate(capacity: pieces * sets * slots)
        defer { partial.deallocate() }
        partial.initialize(repeating: 0)
        nonisolated(unsafe) let (v, out) = (first, partial)
        let count = values.count
        record(.histogram) {
            thresholds.withUnsafeBufferPointer { t in
                nonisolated(unsafe) let t = t.baseAddress!
                parallel(pieces) { p in
                    let tally = out.baseAddress! + p * sets * slots
                    let bins = UnsafeMutablePointer<UInt8>.allocate(capacity: block)
                    defer { bins.deallocate() }
                    var i = count * p / pieces
                    let end = count * (p + 1) / pieces
                    while i < end {
                        let m = Swift.min(block, end - i)
                        Histogram.bins(of: v + i, count: m, guessFrom: low, scale: scale, margin: margin, t, into: bins)
                        for j in 0..<m { tally[(j & (sets - 1)) * slots + Int(bins[j])] += 1 }
                        i += m
                    }
                }
            }
        }
        for s in 0..<(pieces * sets) { for b in 0..<Histogram.binCount { counts[b] += partial[s * slots + b] } }
    }
}
