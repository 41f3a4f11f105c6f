import WeightAtlasRender
import WeightAtlasTensor

/// The values a mosaic is drawn from and how each group is rescaled: the tensor itself for
/// tile layouts, the block-reduced matrix for heatmaps.
struct RenderInput {
    /// Values in canonical order.
    var source: ValueSource
    /// Values per normalisation group.
    var groupLength: Int
    /// Parameters per group.
    var params: [GroupParams]
    /// True when some drawn value is NaN or infinite (drawn in the marker colour).
    var hasNonFinite: Bool
    /// What was done, for the manifest and the legend; its colormap colours single-channel tiles.
    var rendering: Rendering

    /// Prepares the drawing of `plan` from the tensor's `source` and its reduce pass `stats`.
    static func prepare(plan: LayoutPlan, source: ValueSource, stats: LayerStatistics, options: RenderOptions,
                        backend: any RenderBackend) throws(AtlasError) -> RenderInput {
        let normalization = options.normalization(for: plan.kind)
        var input = RenderInput(source: source, groupLength: plan.groupLength, params: [],
                                hasNonFinite: stats.layer.nan + stats.layer.inf > 0,
                                rendering: Rendering(normalization: normalization,
                                                     scope: plan.kind == .heatmap || normalization.isLayerWide ? .layer : options.scope,
                                                     colormap: nil))
        var groupMin = stats.groupMin, groupMax = stats.groupMax
        var finite = stats.layer.finite
        if let heatmap = plan.heatmap {
            if !heatmap.isIdentity || options.logMagnitude {
                let reduced: [Float]
                do { reduced = try BlockReducer.reduce(source, plan: heatmap, logMagnitude: options.logMagnitude) }
                catch { throw .backend(error) }
                input.rendering.reduction = heatmap.isIdentity ? nil : heatmap
                input.rendering.logMagnitude = options.logMagnitude
                let (bytes, info) = TensorBytes.floats(reduced)
                input.source = ValueSource(bytes: bytes, info: info, view: StridedView(shape: [info.count], strides: [1]))
                let image: LayerStatistics
                do { image = try LayerStatistics.measure(input.source, units: StatisticsUnits(filter: info.count, group: info.count), backend: backend) }
                catch { throw .backend(error) }
                input.hasNonFinite = image.layer.nan + image.layer.inf > 0
                finite = image.layer.finite
                (groupMin, groupMax) = (image.groupMin, image.groupMax)
            } else {
                (groupMin, groupMax) = ([stats.layer.min], [stats.layer.max])
            }
            input.groupLength = input.source.count
        }
        var signed = false
        switch normalization {
        case .minmax, .symmetric, .torchvision:
            input.params = zip(groupMin, groupMax).map { normalization.groupParams(min: $0, max: $1)! }
            if input.params.count == 1 && normalization == .minmax { (input.rendering.lo, input.rendering.hi) = (groupMin[0], groupMax[0]) }
        case .percentile(let q), .robust(let q):
            let bounds = try layerBounds(q: q, of: input.source, finiteCount: finite)
            var (lo, hi) = bounds ?? (0, 0)
            if case .robust = normalization, lo < 0, hi > 0 {
                (lo, hi) = (-max(-lo, hi), max(-lo, hi))
                signed = true
            }
            input.groupLength = input.source.count
            (input.rendering.lo, input.rendering.hi) = (lo, hi)
            input.params = [GroupParams(lo: lo, hi: hi)]
        }
        input.rendering.colormap = plan.grid?.channels == 3 ? nil : options.colormap(for: normalization, signed: signed)
        return input
    }

    /// The `q`-th and `(100 − q)`-th percentiles of the finite values of `source` (nil when none).
    /// - Throws: `AtlasError.backend` from the source's dequantiser.
    static func layerBounds(q: Double, of source: ValueSource, finiteCount: Int) throws(AtlasError) -> (lo: Float, hi: Float)? {
        var scratch: [Float] = []
        var failure: BackendError?
        let bounds = Percentile.bounds(q: q, finiteCount: finiteCount) { body in
            guard failure == nil else { return }
            do throws(BackendError) {
                try source.forEachChunk(maxCount: 1 << 22, scratch: &scratch) { _, values in body(values) }
            } catch { failure = error }
        }
        if let failure { throw .backend(failure) }
        return bounds
    }
}
