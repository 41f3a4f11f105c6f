/// Turns one tensor into statistics and, unless it is stats-only, one PNG:
/// reduce (statistics) → parameters → bands of rescale + tile → streamed PNG.
public struct TensorRenderer: Sendable {
    /// Layout and normalisation options.
    public var options: RenderOptions
    /// The backend doing the per-value work.
    public var backend: any RenderBackend
    /// PNG compression preset.
    public var compression: PNGCompression = .fast
    /// Target bytes of one band of pixels (at least one tile row is drawn per band).
    public var bandBytes: Int = 8 << 20

    /// A renderer with `options` on `backend`.
    public init(options: RenderOptions, backend: any RenderBackend) {
        self.options = options
        self.backend = backend
    }

    /// The layout and statistics of `info` (no image).
    /// - Throws: `AtlasError.format` for unreadable bytes, `.backend` for a backend failure.
    public func inspect(_ info: TensorInfo, in file: any WeightFile) throws(AtlasError) -> TensorReport {
        let plan = LayoutPlanner(options: options).plan(info)
        let (_, stats) = try measure(info, plan: plan, in: file)
        return report(info, plan, stats)
    }

    /// Renders `info` to `path` (a PNG); stats-only tensors write nothing.
    /// - Throws: `AtlasError` naming what failed: the input, the backend or the output.
    public func render(_ info: TensorInfo, in file: any WeightFile, to path: String) throws(AtlasError) -> TensorReport {
        let plan = LayoutPlanner(options: options).plan(info)
        if let fused = backend as? any FusedRenderBackend, plan.grid != nil, let normalization = fusable(plan) {
            return try renderFused(info, plan: plan, in: file, to: path, backend: fused, normalization: normalization)
        }
        let (source, stats) = try measure(info, plan: plan, in: file)
        var result = report(info, plan, stats)
        guard let grid = plan.grid else { return result }
        let image = try RenderInput.prepare(plan: plan, source: source, stats: stats, options: options, backend: backend)
        let pixelChannels = grid.channels == 3 || image.hasNonFinite || options.effectiveColormap != .gray ? 3 : 1
        var scratch: [Float] = []
        try stream(grid, to: path, pixelChannels: pixelChannels) { rows, pixels throws(AtlasError) in
            let job = BandJob(grid: grid, rows: rows, groupLength: image.groupLength, params: image.params,
                              pixelChannels: pixelChannels, palette: palette)
            do throws(BackendError) {
                try image.source.withValues(Self.values(of: job), scratch: &scratch) { values throws(BackendError) in
                    try backend.render(job, values: values, into: pixels)
                }
            } catch { throw .backend(error) }
        }
        result.pixelChannels = pixelChannels
        result.image = path
        return result
    }

    /// The normalisation of a one-pass render, when `plan` allows one: every group inside a
    /// tile row, parameters from the group's own extremes, bands of whole tile rows.
    func fusable(_ plan: LayoutPlan) -> Normalization? {
        guard let grid = plan.grid, plan.kind != .heatmap, options.scope != .layer,
              options.normalization.groupParams(min: 0, max: 1) != nil,
              grid.cols * grid.tileElements % plan.groupLength == 0,
              rowsPerBand(grid, pixelChannels: 3) >= grid.cellHeight else { return nil }
        return options.normalization
    }

    /// One pass: each band is measured and drawn together. A grey image that turns out to hold
    /// NaN or ±Inf is drawn again in RGB, so the marker colour shows.
    func renderFused(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile, to path: String,
                     backend: any FusedRenderBackend, normalization: Normalization) throws(AtlasError) -> TensorReport {
        let grid = plan.grid!
        let source = try self.source(info, plan: plan, in: file)
        var pixelChannels = grid.channels == 3 || options.effectiveColormap != .gray ? 3 : 1
        var scratch: [Float] = []
        while true {
            var stats = LayerStatistics(count: source.count, units: plan.statisticsUnits)
            let channels = pixelChannels
            try stream(grid, to: path, pixelChannels: channels, commit: { stats.layer.nan + stats.layer.inf == 0 || channels == 3 }) { rows, pixels throws(AtlasError) in
                let job = BandJob(grid: grid, rows: rows, groupLength: plan.groupLength, params: [],
                                  pixelChannels: channels, palette: palette)
                let range = Self.values(of: job)
                do throws(BackendError) {
                    let segments = try source.withValues(range, scratch: &scratch) { values throws(BackendError) in
                        try backend.renderMeasuring(job, values: values, normalization: normalization,
                                                    segmentLength: stats.units.segment, into: pixels)
                    }
                    stats.add(segments, chunk: range)
                } catch { throw .backend(error) }
            }
            if channels == 1 && stats.layer.nan + stats.layer.inf > 0 {
                pixelChannels = 3
                continue
            }
            do throws(BackendError) { try stats.settleSums(source) } catch { throw .backend(error) }
            var result = report(info, plan, stats)
            result.pixelChannels = channels
            result.image = path
            return result
        }
    }

    /// Streams a `grid` mosaic to `path` band by band, each drawn by `draw(rows, pixels)`;
    /// renames it into place when `commit()` says so after the last band, else removes it.
    func stream(_ grid: TileGrid, to path: String, pixelChannels: Int, commit: () -> Bool = { true },
                draw: (Range<Int>, UnsafeMutableRawBufferPointer) throws(AtlasError) -> Void) throws(AtlasError) {
        let writer: PNGWriter
        do throws(OutputError) {
            writer = try PNGWriter(path: path, width: grid.width, height: grid.height, channels: pixelChannels, compression: compression)
        } catch { throw .output(error) }
        do throws(AtlasError) {
            try BandPipeline(writer: writer, rowsPerBand: rowsPerBand(grid, pixelChannels: pixelChannels))
                .run(height: grid.height, render: draw)
            guard commit() else { return writer.abort() }
            do throws(OutputError) { try writer.finish() } catch { throw .output(error) }
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Rows per band: whole tile rows within `bandBytes`, or, when one tile row alone is
    /// bigger, as many rows as fit (bands then cut through tiles).
    func rowsPerBand(_ grid: TileGrid, pixelChannels: Int) -> Int {
        let rows = max(1, bandBytes / max(1, grid.width * pixelChannels))
        return min(grid.height, rows >= grid.cellHeight ? rows / grid.cellHeight * grid.cellHeight : rows)
    }

    /// The canonical values a band job draws from.
    static func values(of job: BandJob) -> Range<Int> {
        (job.tiles.lowerBound * job.grid.tileElements)..<(job.tiles.upperBound * job.grid.tileElements)
    }

    var palette: Palette { Palette(colormap: options.effectiveColormap, pad: options.padValue) }

    /// The tensor's values in the plan's canonical order; a backend that decodes
    /// block-quantised types (OpenCL) decodes them.
    func source(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile) throws(AtlasError) -> ValueSource {
        let bytes: TensorBytes
        do { bytes = try file.bytes(of: info) } catch { throw .format(error) }
        return ValueSource(bytes: bytes, info: info, view: plan.values, dequantizer: backend as? any BlockDequantizer)
    }

    /// The tensor's canonical values and the reduce pass over them.
    func measure(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile) throws(AtlasError) -> (ValueSource, LayerStatistics) {
        let source = try self.source(info, plan: plan, in: file)
        do {
            let stats = try LayerStatistics.measure(source, units: plan.statisticsUnits, backend: backend)
            return (source, stats)
        } catch { throw .backend(error) }
    }

    func report(_ info: TensorInfo, _ plan: LayoutPlan, _ stats: LayerStatistics) -> TensorReport {
        var report = TensorReport(info: info, plan: plan, stats: stats.layer,
                                  deadFilters: plan.kind == .statsOnly ? nil : stats.deadFilters)
        report.tiles = stats.tiles
        return report
    }
}
