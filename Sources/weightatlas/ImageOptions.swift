import WeightAtlas

/// The options shared by `render`, `inspect`, `diff` and `zoo` that decide layouts and
/// normalisation: the library's `RenderOptions` and the tensor selection.
struct ImageOptions {
    static let tensor: Option<[String]> = .repeated("--tensor", placeholder: "NAME",
                                                    help: "only tensors matching NAME (a glob; repeatable)", .text)
    static let inputShape: Option<[WrittenInputShape]> = .repeated(
        "--input-shape", placeholder: "[GLOB=]CxHxW",
        help: "dense rows are images of this shape, e.g. 3x32x32 or 'fc1.*=1x28x28' (repeatable)", .inputShape)
    static let inputLayout = Option<InputLayout>("--input-layout", placeholder: "chw|hwc",
                                                 help: "how a dense row stores its CxHxW image (default chw; hwc: HxWxC)", .choice, default: .chw)
    static let normalize = Option<Normalization?>(
        "--normalize", placeholder: "MODE",
        help: "minmax | symmetric | percentile:Q | robust:Q | torchvision[:LO,HI] (default: minmax for tiles, robust:1 for heatmaps)", .normalization)
    static let scope = Option<Scope>("--scope", placeholder: "SCOPE",
                                     help: "values sharing a normalisation: filter (default) | kernel | layer", .choice, default: .filter)
    static let colormap = Option<Colormap?>("--colormap", placeholder: "MAP",
                                            help: "gray | viridis | magma | diverging (default gray; diverging for symmetric)", .choice)
    static let cols = Option<Int?>("--cols", placeholder: "N",
                                   help: "tiles per row (default ceil(sqrt(n)); a filter bank: one row per filter)", .integer(in: 1...1_000_000))
    static let padding = Option<Int>("--padding", placeholder: "PX", help: "pixels between tiles (default 1)",
                                     .integer(in: 0...1000), default: 1)
    static let padValue = Option<Int>("--pad-value", placeholder: "0-255", help: "grey level of the padding (default 0)",
                                      .integer(in: 0...255), default: 0)
    static let scale = Option<Int?>("--scale", placeholder: "N",
                                    help: "integer upscale of each value (default: a 3x3 kernel becomes 12x12)", .integer(in: 1...1000))
    static let maxSize = Option<Int>("--max-size", placeholder: "PX",
                                     help: "largest heatmap side before block reduction (default 2048)", .integer(in: 1...1_000_000), default: 2048)
    static let reduce = Option<BlockReduction>("--reduce", placeholder: "mean|maxabs|rms|std",
                                               help: "heatmap block reduction (default mean)", .choice, default: .mean)
    static let log = Option<Bool>.flag("--log", help: "heatmaps show log10 of each pixel's magnitude (magma)")
    static let bgr = Option<Bool>.flag("--bgr", help: "read 3-channel filters as B,G,R (Caffe-style weights)")
    static let full = Option<Bool>.flag("--full", help: "heatmaps at one pixel per weight (big ones become Deep Zoom pyramids)")
    static let dzi = Option<Bool>.flag("--dzi", help: "write every image as a Deep Zoom pyramid (NAME.dzi + NAME_files/)")
    static let dziThreshold = Option<Int>("--dzi-threshold", placeholder: "PX",
                                          help: "images wider or taller than PX become pyramids (default 16384)",
                                          .integer(in: 1...1 << 30), default: 16384)

    /// The declarations, in the help's order.
    static let specs = [tensor.spec, inputShape.spec, inputLayout.spec, normalize.spec, scope.spec, colormap.spec, cols.spec,
                        padding.spec, padValue.spec, scale.spec, maxSize.spec, reduce.spec, log.spec, bgr.spec, full.spec,
                        dzi.spec, dziThreshold.spec]

    /// How tensors become pictures.
    var render: RenderOptions
    /// The tensors to render.
    var selection: TensorSelection

    /// The options given in `arguments`; `normalization` and `scope` when those options are not
    /// given (`diff` draws symmetric, layer-wide differences). Values are read in a fixed order,
    /// so of several bad ones the same is always named.
    /// - Throws: `UsageError` for a bad value or options that exclude each other.
    init(_ arguments: Arguments, normalization: Normalization? = nil, scope: Scope? = nil) throws(UsageError) {
        var options = RenderOptions()
        options.normalization = try arguments.value(Self.normalize) ?? normalization
        options.scope = try arguments.value(Self.scope, default: scope ?? Self.scope.defaultValue)
        options.colormap = try arguments.value(Self.colormap)
        options.cols = try arguments.value(Self.cols)
        options.padding = try arguments.value(Self.padding)
        options.padValue = UInt8(try arguments.value(Self.padValue))
        options.scale = try arguments.value(Self.scale)
        options.maxSize = try arguments.value(Self.maxSize)
        options.reduction = try arguments.value(Self.reduce)
        options.bgr = try arguments.value(Self.bgr)
        options.deepZoom = try arguments.value(Self.dzi)
        options.deepZoomThreshold = try arguments.value(Self.dziThreshold)
        options.logMagnitude = try arguments.value(Self.log)
        if try arguments.value(Self.full) {
            guard !arguments.given(Self.maxSize) else { throw UsageError(message: "--full and --max-size exclude each other") }
            guard !options.logMagnitude else { throw UsageError(message: "--log draws the reduced image, which --full does not make; drop one") }
            options.maxSize = 1 << 40
        }
        let layout = try arguments.value(Self.inputLayout)
        options.inputShapes = try arguments.value(Self.inputShape).map { shape throws(UsageError) in try shape.rule(layout: layout) }
        if options.inputShapes.isEmpty && arguments.given(Self.inputLayout) {
            throw UsageError(message: "--input-layout needs --input-shape")
        }
        render = options
        selection = TensorSelection(try arguments.value(Self.tensor))
    }
}
