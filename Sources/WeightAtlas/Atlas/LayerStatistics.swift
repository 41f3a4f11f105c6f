/// What the reduce pass learns about a tensor: the layer's summary, and min/max per filter
/// and per normalisation group.
public struct LayerStatistics: Sendable {
    /// Statistics of every value.
    public var layer = Summary()
    /// Smallest finite value of each filter.
    public var filterMin: [Float]
    /// Largest finite value of each filter.
    public var filterMax: [Float]
    /// Smallest finite value of each normalisation group.
    public var groupMin: [Float]
    /// Largest finite value of each normalisation group.
    public var groupMax: [Float]

    /// No values measured yet, for `count` values in filters and groups of the given lengths.
    init(count: Int, filterLength: Int, groupLength: Int) {
        let filters = count / max(1, filterLength), groups = count / max(1, groupLength)
        filterMin = .init(repeating: .infinity, count: filters)
        filterMax = .init(repeating: -.infinity, count: filters)
        groupMin = .init(repeating: .infinity, count: groups)
        groupMax = .init(repeating: -.infinity, count: groups)
    }

    /// Filters whose finite values are all equal (all-zero included), or that have none.
    public var deadFilters: Int { zip(filterMin, filterMax).count { !($0 < $1) } }

    /// Runs the reduce stage of `backend` over `source`, in chunks of at most `chunk` values.
    /// Segments are `min(filterLength, groupLength)` long, so each lies in one filter and one group.
    /// - Throws: `BackendError` from the backend.
    public static func measure(_ source: ValueSource, filterLength: Int, groupLength: Int,
                               backend: any RenderBackend, chunk: Int = 1 << 22) throws(BackendError) -> LayerStatistics {
        var stats = LayerStatistics(count: source.count, filterLength: filterLength, groupLength: groupLength)
        let length = max(1, min(filterLength, groupLength))
        var scratch: [Float] = []
        var failure: BackendError?
        source.forEachChunk(maxCount: chunk, scratch: &scratch) { range, values in
            guard failure == nil else { return }
            do throws(BackendError) {
                let segments = try backend.reduce(values, segmentLength: length, phase: range.lowerBound % length)
                stats.add(segments, chunk: range, segmentLength: length, filterLength: filterLength, groupLength: groupLength)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        stats.settleSums(source)
        return stats
    }

    /// Recomputes the layer's sums in Float64 on the host when Float32 partial sums overflowed.
    mutating func settleSums(_ source: ValueSource) {
        if layer.finite > 0 && !(layer.sum.isFinite && layer.sumSquares.isFinite) { layer = Self.hostSummary(source) }
    }

    mutating func add(_ segments: [SegmentStats], chunk: Range<Int>, segmentLength: Int, filterLength: Int, groupLength: Int) {
        let first = chunk.lowerBound / segmentLength
        for (j, segment) in segments.enumerated() {
            let start = max(chunk.lowerBound, (first + j) * segmentLength)
            let end = min(chunk.upperBound, (first + j + 1) * segmentLength)
            layer.add(segment, length: end - start)
            let f = start / filterLength, g = start / groupLength
            if f < filterMin.count {
                filterMin[f] = min(filterMin[f], segment.min)
                filterMax[f] = max(filterMax[f], segment.max)
            }
            if g < groupMin.count {
                groupMin[g] = min(groupMin[g], segment.min)
                groupMax[g] = max(groupMax[g], segment.max)
            }
        }
    }

    /// The layer summary in Float64 on the host: for values so large that Float32 sums overflow.
    static func hostSummary(_ source: ValueSource) -> Summary {
        var summary = Summary()
        var scratch: [Float] = []
        source.forEachChunk(maxCount: 1 << 20, scratch: &scratch) { _, values in
            for v in values {
                if v.isNaN { summary.nan += 1 } else if v.isInfinite { summary.inf += 1 } else {
                    summary.min = min(summary.min, v)
                    summary.max = max(summary.max, v)
                    summary.finite += 1
                    summary.sum += Double(v)
                    summary.sumSquares += Double(v) * Double(v)
                }
            }
        }
        return summary
    }
}
