import WeightAtlasRender
import WeightAtlasTensor

/// Per-tile statistics for the viewer's hover: min, max, mean and non-finite count.
public struct TileStatistics: Sendable, Equatable {
    /// Smallest finite value per tile (+inf when none).
    public var min: [Float]
    /// Largest finite value per tile (−inf when none).
    public var max: [Float]
    /// Sum of the finite values per tile.
    public var sum: [Float]
    /// Count of finite values per tile.
    public var finite: [Int32]
    /// Count of NaN and ±Inf values per tile.
    public var nonFinite: [Int32]

    init(count: Int) {
        min = .init(repeating: .infinity, count: count)
        max = .init(repeating: -.infinity, count: count)
        sum = .init(repeating: 0, count: count)
        finite = .init(repeating: 0, count: count)
        nonFinite = .init(repeating: 0, count: count)
    }

    /// Most tiles whose statistics are kept (20 bytes each); bigger layers hover without them.
    public static let limit = 1 << 20

    mutating func add(_ segment: SegmentStats, length: Int, tile t: Int) {
        min[t] = Swift.min(min[t], segment.min)
        max[t] = Swift.max(max[t], segment.max)
        sum[t] += segment.sum
        let bad = Int32(segment.nan + segment.inf)
        finite[t] += Int32(length) - bad
        nonFinite[t] += bad
    }
}

/// What the reduce pass learns about a tensor: the layer's summary, min/max per filter and
/// per normalisation group, and optionally per-tile statistics.
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
    /// Per-tile statistics, when the units name a tile and the layer has at most `TileStatistics.limit` tiles.
    public var tiles: TileStatistics?
    /// The units measured.
    public let units: StatisticsUnits

    /// No values measured yet, for `count` values in `units`.
    init(count: Int, units: StatisticsUnits) {
        self.units = units
        let filters = count / units.filter, groups = count / units.group
        if let tile = units.tile, count / tile <= TileStatistics.limit { tiles = TileStatistics(count: count / tile) }
        filterMin = .init(repeating: .infinity, count: filters)
        filterMax = .init(repeating: -.infinity, count: filters)
        groupMin = .init(repeating: .infinity, count: groups)
        groupMax = .init(repeating: -.infinity, count: groups)
    }

    /// Filters whose finite values are all equal (all-zero included), or that have none.
    public var deadFilters: Int { zip(filterMin, filterMax).count { !($0 < $1) } }

    /// Segments shorter than this are reduced on the host whatever the backend: a device would
    /// send back a 24-byte `SegmentStats` per segment, over a tenth of the values' own bytes
    /// (a 3×3 tile: 24 bytes per 36), while the host reads the values at memory speed. The
    /// CPU backend's segments are the device's bit for bit (the parity tests), so nothing else
    /// changes. (c) on PoCL: 60.1 → 53.8 MB between host and device in a render.
    static let hostSegmentLimit = 64

    /// Runs the reduce stage of `backend` (of the CPU for segments under `hostSegmentLimit`)
    /// over `source`, in chunks of at most `chunk` values, in segments of `units.segment`.
    /// - Throws: `BackendError` from the backend or from `source`'s dequantiser.
    public static func measure(_ source: ValueSource, units: StatisticsUnits,
                               backend: any RenderBackend, chunk: Int = 1 << 22) throws(BackendError) -> LayerStatistics {
        var stats = LayerStatistics(count: source.count, units: units)
        let length = units.segment
        let backend: any RenderBackend = length < hostSegmentLimit ? (backend as? CPUBackend ?? CPUBackend()) : backend
        var scratch: [Float] = []
        try source.forEachChunk(maxCount: chunk, scratch: &scratch) { range, values throws(BackendError) in
            // Segments of one value (1×1 kernels as tiles): the host adds the values themselves,
            // as a reduce of one-value segments would, without a SegmentStats per value.
            if length == 1 { stats.addSingleValues(values, chunk: range); return }
            let segments = try backend.reduce(values, segmentLength: length, phase: range.lowerBound % length,
                                              origin: ValueOrigin(source, start: range.lowerBound))
            stats.add(segments, chunk: range)
        }
        try stats.settleSums(source)
        return stats
    }

    /// Adds the values `chunk` as segments of one value each: exactly what `add` makes of a
    /// reduce's one-value segments (min = max = sum = v, sum of squares v·v in Float32, when v
    /// is finite; a NaN or ±Inf count otherwise), with running filter, group and tile indices.
    mutating func addSingleValues(_ values: UnsafeBufferPointer<Float>, chunk: Range<Int>) {
        var summary = layer
        var tileStats = tiles
        tiles = nil  // held locally so its arrays are mutated in place
        let tileLength = units.tile ?? 1
        var f = chunk.lowerBound / units.filter, fLeft = units.filter - chunk.lowerBound % units.filter
        var g = chunk.lowerBound / units.group, gLeft = units.group - chunk.lowerBound % units.group
        var t = chunk.lowerBound / tileLength, tLeft = tileLength - chunk.lowerBound % tileLength
        for v in values {
            if v.isFinite {
                summary.min = Swift.min(summary.min, v)
                summary.max = Swift.max(summary.max, v)
                summary.finite += 1
                summary.sum += Double(v)
                summary.sumSquares += Double(v * v)
                if f < filterMin.count { filterMin[f] = Swift.min(filterMin[f], v); filterMax[f] = Swift.max(filterMax[f], v) }
                if g < groupMin.count { groupMin[g] = Swift.min(groupMin[g], v); groupMax[g] = Swift.max(groupMax[g], v) }
                if tileStats != nil {
                    tileStats!.min[t] = Swift.min(tileStats!.min[t], v)
                    tileStats!.max[t] = Swift.max(tileStats!.max[t], v)
                    tileStats!.sum[t] += v
                    tileStats!.finite[t] += 1
                }
            } else {
                if v.isNaN { summary.nan += 1 } else { summary.inf += 1 }
                if tileStats != nil { tileStats!.nonFinite[t] += 1 }
            }
            fLeft -= 1
            if fLeft == 0 { f += 1; fLeft = units.filter }
            gLeft -= 1
            if gLeft == 0 { g += 1; gLeft = units.group }
            tLeft -= 1
            if tLeft == 0 { t += 1; tLeft = tileLength }
        }
        layer = summary
        tiles = tileStats
    }

    /// Recomputes the layer's sums in Float64 on the host when Float32 partial sums overflowed.
    /// - Throws: `BackendError` from `source`'s dequantiser.
    mutating func settleSums(_ source: ValueSource) throws(BackendError) {
        if layer.finite > 0 && !(layer.sum.isFinite && layer.sumSquares.isFinite) { layer = try Self.hostSummary(source) }
    }

    /// Adds the segments (of `units.segment` values) of the values `chunk`.
    mutating func add(_ segments: [SegmentStats], chunk: Range<Int>) {
        let segmentLength = units.segment
        let first = chunk.lowerBound / segmentLength
        for (j, segment) in segments.enumerated() {
            let start = max(chunk.lowerBound, (first + j) * segmentLength)
            let end = min(chunk.upperBound, (first + j + 1) * segmentLength)
            layer.add(segment, length: end - start)
            let f = start / units.filter, g = start / units.group
            if tiles != nil, let tile = units.tile { tiles!.add(segment, length: end - start, tile: start / tile) }
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
    /// - Throws: `BackendError` from `source`'s dequantiser.
    static func hostSummary(_ source: ValueSource) throws(BackendError) -> Summary {
        var summary = Summary()
        var scratch: [Float] = []
        try source.forEachChunk(maxCount: 1 << 20, scratch: &scratch) { _, values in
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
