extension CPUBackend: FusedRenderBackend {
    /// Reduces, rescales and tiles `job` in one pass over its values: each tile row's groups
    /// are measured while the row is in cache, their parameters derived with `normalization`,
    /// and the row drawn. Returns each group's statistics (the band's groups, in order).
    public func renderMeasuring(_ job: BandJob, values: UnsafeBufferPointer<Float>, normalization: Normalization,
                                into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) -> [SegmentStats] {
        precondition(job.grid.cols * job.grid.tileElements % job.groupLength == 0, "a group must lie inside one tile row")
        let tiles = job.tiles
        let groups = tiles.count * job.grid.tileElements / job.groupLength
        var segments = [SegmentStats](repeating: .empty, count: groups)
        let units = Self.units(of: job, wholeTileRows: true)
        record("reduce+rescale+tile") {
            segments.withUnsafeMutableBufferPointer { segments in
                job.palette.packedTable.withUnsafeBufferPointer { table in
                    var context = TileContext(job: job, values: values.baseAddress!, params: nil,
                                              table: table.baseAddress!, pixels: pixels.baseAddress!)
                    context.fused = normalization
                    context.segments = segments.baseAddress
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
    /// Draws `job` (whose `params` are ignored) measuring each group on the way; returns the
    /// statistics of the groups of `job.tiles`, in order.
    func renderMeasuring(_ job: BandJob, values: UnsafeBufferPointer<Float>, normalization: Normalization,
                         into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) -> [SegmentStats]
}

extension TileContext {
    /// Measures the groups of `tiles` (one tile row), derives their parameters, and calls
    /// `body(params, firstGroup)`; stores the statistics when `writeStatistics`.
    func measure(_ tiles: Range<Int>, normalization: Normalization, writeStatistics: Bool,
                 _ body: (UnsafePointer<GroupParams>, Int) -> Void) {
        let first = tiles.lowerBound * grid.tileElements / groupLength
        let end = (tiles.upperBound * grid.tileElements + groupLength - 1) / groupLength
        let bandFirst = firstTile * grid.tileElements / groupLength
        withUnsafeTemporaryAllocation(of: GroupParams.self, capacity: end - first) { params in
            for g in first..<end {
                let stats = CPUBackend.statistics(values + (g * groupLength - firstTile * grid.tileElements), groupLength)
                params[g - first] = normalization.groupParams(min: stats.min, max: stats.max)!
                if writeStatistics, let segments { segments[g - bandFirst] = stats }
            }
            body(UnsafePointer(params.baseAddress!), first)
        }
    }
}
