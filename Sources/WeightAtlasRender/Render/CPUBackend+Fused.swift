import WeightAtlasTensor

extension CPUBackend: FusedRenderBackend {
    /// Reduces, rescales and tiles `job` in one pass over its values: each tile row's segments
    /// are measured while the row is in cache, merged into groups whose parameters come from
    /// `normalization`, and the row drawn. Returns the statistics of the band's segments
    /// (`segmentLength` values each, a divisor of the group length), in order.
    public func renderMeasuring(_ job: BandJob, values: UnsafeBufferPointer<Float>, normalization: Normalization,
                                segmentLength: Int, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) -> [SegmentStats] {
        precondition(job.grid.cols * job.grid.tileElements % job.groupLength == 0, "a group must lie inside one tile row")
        precondition(job.groupLength % segmentLength == 0, "segments must nest in groups")
        let tiles = job.tiles
        var segments = [SegmentStats](repeating: .empty, count: tiles.count * job.grid.tileElements / segmentLength)
        let units = Self.units(of: job, wholeTileRows: true)
        record(.reduceRescaleTile) {
            segments.withUnsafeMutableBufferPointer { segments in
                job.palette.packedTable.withUnsafeBufferPointer { table in
                    var context = TileContext(job: job, values: values.baseAddress!, params: nil,
                                              table: table.baseAddress!, pixels: pixels.baseAddress!)
                    context.fused = normalization
                    context.segments = segments.baseAddress
                    context.segmentLength = segmentLength
                    let ready = context
                    parallel(units.count) { ready.draw(rows: units[$0]) }
                }
            }
        }
        return segments
    }
}

/// A backend that can reduce, rescale and tile a band in one pass when every normalisation
/// group lies inside one tile row and its parameters come from its own extremes.
public protocol FusedRenderBackend: RenderBackend {
    /// Draws `job` (whose `params` are ignored) measuring each segment of `segmentLength`
    /// values on the way; returns the statistics of the segments of `job.tiles`, in order.
    func renderMeasuring(_ job: BandJob, values: UnsafeBufferPointer<Float>, normalization: Normalization,
                         segmentLength: Int, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) -> [SegmentStats]
}

extension TileContext {
    /// Measures the segments of `tiles` (one tile row), derives each group's parameters from
    /// its segments' extremes, and calls `body(params, firstGroup)`; stores the segments'
    /// statistics when `writeStatistics`.
    func measure(_ tiles: Range<Int>, normalization: Normalization, writeStatistics: Bool,
                 _ body: (UnsafePointer<GroupParams>, Int) -> Void) {
        let first = tiles.lowerBound * grid.tileElements / groupLength
        let end = (tiles.upperBound * grid.tileElements + groupLength - 1) / groupLength
        let perGroup = groupLength / segmentLength
        let bandFirst = firstTile * grid.tileElements / segmentLength
        withUnsafeTemporaryAllocation(of: GroupParams.self, capacity: end - first) { params in
            for g in first..<end {
                var lo = Float.infinity, hi = -Float.infinity
                for k in (g * perGroup)..<((g + 1) * perGroup) {
                    let stats = CPUBackend.statistics(values + (k * segmentLength - firstTile * grid.tileElements), segmentLength)
                    lo = Swift.min(lo, stats.min)
                    hi = Swift.max(hi, stats.max)
                    if writeStatistics, let segments { segments[k - bandFirst] = stats }
                }
                params[g - first] = normalization.groupParams(min: lo, max: hi)!
            }
            body(UnsafePointer(params.baseAddress!), first)
        }
    }
}
