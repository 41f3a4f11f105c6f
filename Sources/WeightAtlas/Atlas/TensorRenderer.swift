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
        let (source, stats) = try measure(info, plan: plan, in: file)
        var result = report(info, plan, stats)
        guard let grid = plan.grid else { return result }
        let image = try RenderInput.prepare(plan: plan, source: source, stats: stats, options: options, backend: backend)
        let pixelChannels = grid.channels == 3 || image.hasNonFinite || options.effectiveColormap != .gray ? 3 : 1
        let writer: PNGWriter
        do throws(OutputError) { writer = try PNGWriter(path: path, width: grid.width, height: grid.height, channels: pixelChannels, compression: compression) }
        catch { throw .output(error) }
        let rowBytes = grid.width * pixelChannels
        let rowsPerBand = max(grid.cellHeight, bandBytes / max(1, rowBytes) / grid.cellHeight * grid.cellHeight)
        var scratch: [Float] = []
        let palette = Palette(colormap: options.effectiveColormap, pad: options.padValue)
        do throws(AtlasError) {
            try BandPipeline(writer: writer, rowsPerBand: min(rowsPerBand, grid.height)).run(height: grid.height) { rows, pixels throws(AtlasError) in
                let job = BandJob(grid: grid, rows: rows, groupLength: image.groupLength, params: image.params,
                                  pixelChannels: pixelChannels, palette: palette)
                let tiles = job.tiles
                let range = (tiles.lowerBound * grid.tileElements)..<(tiles.upperBound * grid.tileElements)
                do throws(BackendError) {
                    try image.source.withValues(range, scratch: &scratch) { values throws(BackendError) in
                        try backend.render(job, values: values, into: pixels)
                    }
                } catch { throw .backend(error) }
            }
            do throws(OutputError) { try writer.finish() } catch { throw .output(error) }
        } catch {
            writer.abort()
            throw error
        }
        result.pixelChannels = pixelChannels
        result.image = path
        return result
    }

    /// The tensor's canonical values and the reduce pass over them.
    func measure(_ info: TensorInfo, plan: LayoutPlan, in file: any WeightFile) throws(AtlasError) -> (ValueSource, LayerStatistics) {
        let bytes: TensorBytes
        do { bytes = try file.bytes(of: info) } catch { throw .format(error) }
        let source = ValueSource(bytes: bytes, info: info, view: plan.values)
        let group = plan.kind == .heatmap || plan.kind == .statsOnly ? plan.filterLength : plan.groupLength
        do {
            let stats = try LayerStatistics.measure(source, filterLength: plan.filterLength, groupLength: group, backend: backend)
            return (source, stats)
        } catch { throw .backend(error) }
    }

    func report(_ info: TensorInfo, _ plan: LayoutPlan, _ stats: LayerStatistics) -> TensorReport {
        TensorReport(info: info, plan: plan, stats: stats.layer,
                     deadFilters: plan.kind == .statsOnly ? nil : stats.deadFilters)
    }
}
