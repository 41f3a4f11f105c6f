import Dispatch
import WeightAtlasEncode
import WeightAtlasRender
import WeightAtlasTensor

/// CS231n's "noisy or smooth?" first-layer question as a number. For a filter of a tensor
/// laid out as tiles of kH × kW ≥ 2 × 2 values (a convolution O × I × kH × kW in any storage
/// order, or dense rows reshaped to images), read in the layout's canonical order (filter by
/// filter, each input-channel plane row by row), its roughness is
///
///     r = mean over every horizontally and vertically adjacent pair (a, b) within each
///         input-channel plane of (a − b)²,  divided by  2 × the filter's population variance
///
/// White noise gives r ≈ 1 (E(a − b)² = 2σ²), smooth filters r → 0, a checkerboard up to 2.
/// Constant filters, and filters holding NaN or ±Inf, have none. In Float64, filter by filter
/// in storage order, so the numbers are the same on every run. Percentiles are numpy's
/// default (linear): position q/100 · (n − 1) between the two nearest sorted values.
public struct Roughness: Sendable, Equatable {
    /// Each filter's r (nil where it has none), in filter order.
    public var filters: [Double?]

    /// True for the layouts roughness is defined on: tiles at least 2 × 2.
    public static func applies(to plan: LayoutPlan) -> Bool {
        guard let grid = plan.grid, [.rgbTiles, .greyTiles, .filterBank].contains(plan.kind) else { return false }
        return grid.tileWidth >= 2 && grid.tileHeight >= 2 && plan.filterLength > 0
            && plan.filterLength % (grid.tileWidth * grid.tileHeight) == 0
    }

    /// Measures the filters of `source`, the plan's canonical values.
    /// - Throws: `BackendError` from `source`'s dequantiser.
    public init(plan: LayoutPlan, source: ValueSource) throws(BackendError) {
        let grid = plan.grid!
        let (height, width, length) = (grid.tileHeight, grid.tileWidth, plan.filterLength)
        let (outputs, planes) = (plan.filterCount, length / (height * width))
        var filters = [Double](repeating: .nan, count: outputs)
        var scratch: [Float] = []
        let perChunk = Swift.max(1, (1 << 20) / Swift.max(1, length))
        try filters.withUnsafeMutableBufferPointer { out throws(BackendError) in
            nonisolated(unsafe) let out = out
            try source.forEachChunk(maxCount: perChunk * length, unit: length, scratch: &scratch) { (range, values) throws(BackendError) in
                // Filters are independent: the chunk's are spread over the cores, each written to its own place.
                nonisolated(unsafe) let values = values
                let (first, count) = (range.lowerBound / length, values.count / length)
                let pieces = count >= 64 ? 16 : 1
                DispatchQueue.concurrentPerform(iterations: pieces) { p in
                    var f = count * p / pieces
                    let end = count * (p + 1) / pieces
                    while f + 4 <= end {
                        let r = Self.roughness4(values.baseAddress! + f * length, length: length, planes: planes, height: height, width: width)
                        for lane in 0..<4 { out[first + f + lane] = r[lane] }
                        f += 4
                    }
                    for f in f..<end {
                        out[first + f] = Self.roughness(UnsafeBufferPointer(rebasing: values[(f * length)..<((f + 1) * length)]),
                                                        planes: planes, height: height, width: width) ?? .nan
                    }
                }
            }
        }
        self.filters = filters.map { $0.isNaN ? nil : $0 }
    }

    /// r of one filter's values, nil when constant or not finite: one pass, the variance taken
    /// from the values less the first (shift-invariant, so no cancellation when the mean is far
    /// from zero), the differences from neighbours along each row and down each column.
    static func roughness(_ v: UnsafeBufferPointer<Float>, planes: Int, height: Int, width: Int) -> Double? {
        guard let base = v.baseAddress, v.count > 0 else { return nil }
        let origin = Double(base[0])
        var sum = 0.0, squares = 0.0, differences = 0.0
        for p in 0..<planes {
            let plane = base + p * height * width
            for y in 0..<height {
                let row = plane + y * width, below = row + width
                for x in 0..<width {
                    let value = row[x]
                    guard value.isFinite else { return nil }
                    let here = Double(value), shifted = here - origin
                    sum += shifted
                    squares += shifted * shifted
                    if x + 1 < width { let d = here - Double(row[x + 1]); differences += d * d }
                    if y + 1 < height { let d = here - Double(below[x]); differences += d * d }
                }
            }
        }
        let n = Double(v.count), mean = sum / n
        let variance = squares / n - mean * mean
        guard variance > 0 else { return nil }
        let pairs = planes * (height * (width - 1) + width * (height - 1))
        return differences / Double(pairs) / (2 * variance)
    }

    /// `roughness` of the four consecutive filters at `base` (`length` values each) at once,
    /// NaN for one that has none: lane i holds filter i's sums, and every lane takes exactly
    /// the scalar steps in the scalar order, so the results are the same bits; the four
    /// dependency chains run side by side instead of one after another (a filter's chain of
    /// Float64 additions is what bounds the scalar loop).
    static func roughness4(_ base: UnsafePointer<Float>, length: Int, planes: Int, height: Int, width: Int) -> SIMD4<Double> {
        @inline(__always) func load(_ offset: Int) -> SIMD4<Float> {
            SIMD4(base[offset], base[length + offset], base[2 * length + offset], base[3 * length + offset])
        }
        let origin = SIMD4<Double>(load(0))
        var sum = SIMD4<Double>(), squares = SIMD4<Double>(), differences = SIMD4<Double>()
        var finite = SIMDMask<SIMD4<Int32>>(repeating: true)
        for p in 0..<planes {
            for y in 0..<height {
                let row = (p * height + y) * width
                for x in 0..<width {
                    let value = load(row + x)
                    finite .&= (value .> -.infinity) .& (value .< .infinity)   // NaN compares false
                    let here = SIMD4<Double>(value), shifted = here - origin
                    sum += shifted
                    squares += shifted * shifted
                    if x + 1 < width { let d = here - SIMD4<Double>(load(row + x + 1)); differences += d * d }
                    if y + 1 < height { let d = here - SIMD4<Double>(load(row + width + x)); differences += d * d }
                }
            }
        }
        let n = Double(length), pairs = Double(planes * (height * (width - 1) + width * (height - 1)))
        var result = SIMD4<Double>(repeating: .nan)
        for lane in 0..<4 where finite[lane] {
            let mean = sum[lane] / n
            let variance = squares[lane] / n - mean * mean
            if variance > 0 { result[lane] = differences[lane] / pairs / (2 * variance) }
        }
        return result
    }

    /// The filters' r that exist, sorted.
    var sorted: [Double] { filters.compactMap { $0 }.sorted() }

    /// numpy's linear percentile `q` (0…100) of the filters' r; nil when none has one.
    public func percentile(_ q: Double) -> Double? {
        let values = sorted
        guard !values.isEmpty else { return nil }
        let position = q / 100 * Double(values.count - 1)
        let lower = Int(position.rounded(.down)), upper = Swift.min(lower + 1, values.count - 1)
        return values[lower] + (values[upper] - values[lower]) * (position - Double(lower))
    }

    /// The median.
    public var median: Double? { percentile(50) }

    /// The manifest's `"roughness"` member (nil when no filter has an r).
    var json: JSONValue? {
        guard let median, let p10 = percentile(10), let p90 = percentile(90) else { return nil }
        return .object([("median", .finite(median)), ("p10", .finite(p10)), ("p90", .finite(p90)),
                        ("filters", .int(filters.count { $0 != nil }))])
    }
}

