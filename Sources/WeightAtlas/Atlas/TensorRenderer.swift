import WeightAtlasEncode
import WeightAtlasFormats
import WeightAtlasRender
import WeightAtlasTensor

/// Turns one tensor into statistics and, unless it is stats-only, one PNG:
/// reduce (statistics) → parameters → bands of rescale + tile → streamed PNG.
public struct TensorRenderer: Sendable {
    /// Layout and normalisation options.
    public var options: RenderOptions
    /// The backend doing the per-value work.
    public var backend: any RenderBackend
    /// PNG compression preset.
    public var compression: PNGCompression = .default
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
        let (source, stats) = try measure(info, plan: plan, in: file)
        var result = report(info, plan, stats, in: file)
        try measureMore(&result, source, stats)
        return result
    }

    /// Renders `info` to `path` (a PNG); stats-only tensors write nothing.
    /// - Throws: `AtlasError` naming what failed: the input, the backend or the output.
    public func render(_ info: TensorInfo, in file: any WeightFile, to path: String) throws(AtlasError) -> TensorReport {
        let plan = LayoutPlanner(options: options).plan(info)
        if let fused = backend as? any FusedRenderBackend, plan.grid != nil, let normalization = fusable(plan) {
            return try renderFused(info, plan: plan, in: file, to: path, backend: fused, normalization: normalization)
        }
        let (source, stats) = try measure(info, plan: plan, in: file)
        var result = report(info, plan, stats, in: file)
        try measureMore(&result, source, stats)
        guard let grid = plan.grid else { return result }
        let image = try RenderInput.prepare(plan: plan, source: source, stats: stats, options: options, backend: backend)
        let colormap = image.rendering.colormap ?? .gray
        let pixelChannels = grid.channels == 3 || image.hasNonFinite || colormap != .gray ? 3 : 1
        var scratch: [Float] = []
        try stream(grid, to: path, pixelChannels: pixelChannels) { rows, pixels throws(AtlasError) in
            let job = BandJob(grid: grid, rows: rows, groupLength: image.groupLength, params: image.params,
                              pixelChannels: pixelChannels, palette: palette(colormap))
            let (band, range) = Self.narrowed(job)
            do throws(BackendError) {
                try image.source.withValues(range, scratch: &scratch) { values throws(BackendError) in
                    let job = band
                    try backend.render(job, values: values, into: pixels, origin: ValueOrigin(image.source, start: range.lowerBound))
                }
            } catch { throw .backend(error) }
        }
        result.pixelChannels = pixelChannels
        result.rendering = image.rendering
        record(grid, path: path, in: &result)
        return result
    }

    /// Notes in `report` where `grid`'s image went.
    func record(_ grid: TileGrid, path: String, in report: inout TensorReport) {
        let deepZoom = usesDeepZoom(grid)
        report.image = Self.imagePath(path, deepZoom: deepZoom)
        report.deepZoom = deepZoom ? DeepZoomGeometry(width: grid.width, height: grid.height) : nil
    }

    /// The normalisation of a one-pass render, when `plan` allows one: every group inside a
    /// tile row, parameters from the group's own extremes, bands of whole tile rows.
    func fusable(_ plan: LayoutPlan) -> Normalization? {
        guard let grid = plan.grid, plan.kind != .heatmap, options.scope != .layer,
              options.normalization(for: plan.kind).groupParams(min: 0, max: 1) != nil,
              grid.cols * grid.tileElements % plan.groupLength == 0,
              rowsPerBand(grid, pixelChannels: 3) >= grid.cellHeight else { return nil }
        return options.normalization(for: plan.kind)
    }

    /// One pass: each band is measured and drawn together. A grey image that turns out to hold
    /// NaN or ±Inf is drawn again in RGB, so the marker colour shows.
    func renderFused(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile, to path: String,
                     backend: any FusedRenderBackend, normalization: Normalization) throws(AtlasError) -> TensorReport {
        let grid = plan.grid!
        let source = try self.source(info, plan: plan, in: file)
        let colormap = grid.channels == 3 ? nil : options.colormap(for: normalization)
        var pixelChannels = grid.channels == 3 || colormap != .gray ? 3 : 1
        var scratch: [Float] = []
        while true {
            var stats = LayerStatistics(count: source.count, units: plan.statisticsUnits)
            let channels = pixelChannels
            try stream(grid, to: path, pixelChannels: channels, commit: { stats.layer.nan + stats.layer.inf == 0 || channels == 3 }) { rows, pixels throws(AtlasError) in
                let job = BandJob(grid: grid, rows: rows, groupLength: plan.groupLength, params: [],
                                  pixelChannels: channels, palette: palette(colormap ?? .gray))
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
            var result = report(info, plan, stats, in: file)
            try measureMore(&result, source, stats)
            result.pixelChannels = channels
            result.rendering = Rendering(normalization: normalization, scope: options.scope, colormap: colormap)
            record(grid, path: path, in: &result)
            return result
        }
    }

    /// True when `grid`'s image is written as a Deep Zoom pyramid rather than one PNG.
    func usesDeepZoom(_ grid: TileGrid) -> Bool {
        options.deepZoom || max(grid.width, grid.height) > options.deepZoomThreshold
    }

    /// Where `grid`'s image goes: `path` (a .png), or beside it `NAME.dzi` + `NAME_files/`.
    static func imagePath(_ path: String, deepZoom: Bool) -> String {
        deepZoom && path.hasSuffix(".png") ? String(path.dropLast(4)) + ".dzi" : path
    }

    /// Streams a `grid` mosaic to `path` band by band, each drawn by `draw(rows, pixels)`;
    /// renames it into place when `commit()` says so after the last band, else removes it.
    func stream(_ grid: TileGrid, to path: String, pixelChannels: Int, commit: () -> Bool = { true },
                draw: (Range<Int>, UnsafeMutableRawBufferPointer) throws(AtlasError) -> Void) throws(AtlasError) {
        let writer: any ImageSink
        do throws(OutputError) {
            let deepZoom = usesDeepZoom(grid), target = Self.imagePath(path, deepZoom: deepZoom)
            writer = deepZoom
                ? try DeepZoomWriter(path: target, width: grid.width, height: grid.height, channels: pixelChannels, compression: compression)
                : try PNGWriter(path: target, width: grid.width, height: grid.height, channels: pixelChannels, compression: compression)
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

    /// A band of a one-tile image (a heatmap) as a job on just the value rows it shows, so a
    /// band of a 262,144-row matrix reads a few rows, not the whole tile; other jobs as they are.
    /// Returns the job and the canonical values it draws from.
    static func narrowed(_ job: BandJob) -> (BandJob, Range<Int>) {
        let grid = job.grid
        guard grid.tileCount == 1, grid.channels == 1, job.params.count == 1 else { return (job, values(of: job)) }
        let first = job.rows.lowerBound / grid.scale
        let last = min(grid.tileHeight, (job.rows.upperBound - 1) / grid.scale + 1)
        var rows = grid
        rows.tileHeight = last - first
        var band = job
        band.grid = rows
        band.rows = (job.rows.lowerBound - first * grid.scale)..<(job.rows.upperBound - first * grid.scale)
        band.groupLength = rows.tileElements
        return (band, (first * grid.tileWidth)..<(last * grid.tileWidth))
    }

    /// The canonical values a band job draws from.
    static func values(of job: BandJob) -> Range<Int> {
        (job.tiles.lowerBound * job.grid.tileElements)..<(job.tiles.upperBound * job.grid.tileElements)
    }

    func palette(_ colormap: Colormap) -> Palette { Palette(colormap: colormap, pad: options.padValue) }

    /// The tensor's values in the plan's canonical order; a backend that decodes
    /// block-quantised types (OpenCL) decodes them, and one that multiplies computes a LoRA delta.
    func source(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile) throws(AtlasError) -> ValueSource {
        let bytes: TensorBytes
        if let adapter = file as? LoRAAdapterFile, let module = adapter.module(ofDelta: info),
           let multiplier = backend as? any LowRankMultiplier {
            do { bytes = try adapter.delta(module, multiplier: multiplier) } catch { throw .backend(error) }
            return ValueSource(bytes: bytes, info: info, view: plan.values)
        }
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

    /// What needs the reduce pass's results and one more pass over `source`, the values it
    /// measured: the histogram (every tensor) and each filter's roughness (tile layouts).
    func measureMore(_ report: inout TensorReport, _ source: ValueSource, _ stats: LayerStatistics) throws(AtlasError) {
        do throws(BackendError) {
            report.histogram = try Histogram.measure(source, summary: stats.layer, backend: backend)
            if Roughness.applies(to: report.plan) { report.roughness = try Roughness(plan: report.plan, source: source) }
        } catch { throw .backend(error) }
    }

    /// Each head's statistics when `info` is an attention projection of a model that states
    /// its heads (one more pass over its values; nil when they cannot be read).
    func headStatistics(_ info: TensorInfo, in file: any WeightFile) -> HeadStatistics? {
        guard AttentionHeads.role(of: info.name) != nil, let heads = AttentionHeads.of(file),
              let split = heads.split(info.name, shape: info.shape), let bytes = try? file.bytes(of: info) else { return nil }
        let source = ValueSource(bytes: bytes, info: info, view: info.storedView, dequantizer: backend as? any BlockDequantizer)
        return try? HeadStatistics(role: split.role, count: split.count, rows: split.rows, shape: info.shape, source: source)
    }

    func report(_ info: TensorInfo, _ plan: LayoutPlan, _ stats: LayerStatistics, in file: any WeightFile) -> TensorReport {
        var report = TensorReport(info: info, plan: plan, stats: stats.layer,
                                  deadFilters: plan.kind == .statsOnly ? nil : stats.deadFilters)
        report.tiles = stats.tiles
        if let adapter = file as? LoRAAdapterFile, let module = adapter.module(ofDelta: info) { report.lora = adapter.summary(module) }
        report.heads = headStatistics(info, in: file)
        if let difference = file as? DifferenceFile { report.histogramPair = try? difference.histograms(of: info.name, backend: backend) }
        return report
    }
}
