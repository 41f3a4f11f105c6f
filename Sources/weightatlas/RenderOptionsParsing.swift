import WeightAtlas

/// The options shared by `render` and `inspect` that decide layouts and normalisation.
enum RenderOptionsParsing {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "--tensor", repeatable: true, placeholder: "NAME", help: "only tensors matching NAME (a glob; repeatable)"),
        OptionSpec(name: "--input-shape", repeatable: true, placeholder: "[GLOB=]CxHxW",
                   help: "dense rows are images of this shape, e.g. 3x32x32 or 'fc1.*=1x28x28' (repeatable)"),
        OptionSpec(name: "--input-layout", placeholder: "chw|hwc", help: "how a dense row stores its CxHxW image (default chw; hwc: HxWxC)"),
        OptionSpec(name: "--normalize", placeholder: "MODE",
                   help: "minmax | symmetric | percentile:Q | robust:Q (default: minmax for tiles, robust:1 for heatmaps)"),
        OptionSpec(name: "--scope", placeholder: "SCOPE", help: "values sharing a normalisation: filter (default) | kernel | layer"),
        OptionSpec(name: "--colormap", placeholder: "MAP", help: "gray | viridis | magma | diverging (default gray; diverging for symmetric)"),
        OptionSpec(name: "--cols", placeholder: "N", help: "tiles per row (default ceil(sqrt(n)); a filter bank: one row per filter)"),
        OptionSpec(name: "--padding", placeholder: "PX", help: "pixels between tiles (default 1)"),
        OptionSpec(name: "--pad-value", placeholder: "0-255", help: "grey level of the padding (default 0)"),
        OptionSpec(name: "--scale", placeholder: "N", help: "integer upscale of each value (default: a 3x3 kernel becomes 12x12)"),
        OptionSpec(name: "--max-size", placeholder: "PX", help: "largest heatmap side before block reduction (default 2048)"),
        OptionSpec(name: "--reduce", placeholder: "mean|maxabs|rms|std", help: "heatmap block reduction (default mean)"),
        OptionSpec(name: "--log", takesValue: false, help: "heatmaps show log10 of each pixel's magnitude (magma)"),
        OptionSpec(name: "--bgr", takesValue: false, help: "read 3-channel filters as B,G,R (Caffe-style weights)"),
        OptionSpec(name: "--full", takesValue: false, help: "heatmaps at one pixel per weight (big ones become Deep Zoom pyramids)"),
        OptionSpec(name: "--dzi", takesValue: false, help: "write every image as a Deep Zoom pyramid (NAME.dzi + NAME_files/)"),
        OptionSpec(name: "--dzi-threshold", placeholder: "PX", help: "images wider or taller than PX become pyramids (default 16384)"),
    ]

    /// The render options and tensor selection from parsed arguments.
    static func parse(_ arguments: Arguments) throws(UsageError) -> (RenderOptions, TensorSelection) {
        var options = RenderOptions()
        if let text = arguments.value("--normalize") { options.normalization = try normalization(text) }
        options.scope = try arguments.choice("--scope", Scope.self) ?? .filter
        options.colormap = try arguments.choice("--colormap", Colormap.self)
        options.cols = try arguments.integer("--cols", in: 1...1_000_000)
        options.padding = try arguments.integer("--padding", in: 0...1000) ?? 1
        options.padValue = UInt8(try arguments.integer("--pad-value", in: 0...255) ?? 0)
        options.scale = try arguments.integer("--scale", in: 1...1000)
        options.maxSize = try arguments.integer("--max-size", in: 1...1_000_000) ?? 2048
        options.reduction = try arguments.choice("--reduce", BlockReduction.self) ?? .mean
        options.bgr = arguments.flag("--bgr")
        options.deepZoom = arguments.flag("--dzi")
        options.deepZoomThreshold = try arguments.integer("--dzi-threshold", in: 1...1 << 30) ?? 16384
        options.logMagnitude = arguments.flag("--log")
        if arguments.flag("--full") {
            guard arguments.value("--max-size") == nil else { throw UsageError(message: "--full and --max-size exclude each other") }
            guard !options.logMagnitude else { throw UsageError(message: "--log draws the reduced image, which --full does not make; drop one") }
            options.maxSize = 1 << 40
        }
        let layout = try arguments.choice("--input-layout", InputLayout.self) ?? .chw
        options.inputShapes = try arguments.all("--input-shape").map { text throws(UsageError) in try inputShapeRule(text, layout: layout) }
        if options.inputShapes.isEmpty && arguments.value("--input-layout") != nil {
            throw UsageError(message: "--input-layout needs --input-shape")
        }
        return (options, TensorSelection(arguments.all("--tensor")))
    }

    static func normalization(_ text: String) throws(UsageError) -> Normalization {
        switch text {
        case "minmax": return .minmax
        case "symmetric": return .symmetric
        case "robust": return .robust(Normalization.robustDefault)
        default:
            let (mode, value) = text.firstIndex(of: ":").map { (text[..<$0], text[text.index(after: $0)...]) } ?? (Substring(text), "")
            guard mode == "percentile" || mode == "robust", let q = Double(value), q >= 0, q < 50 else {
                throw UsageError(message: "--normalize must be minmax, symmetric, percentile:Q or robust[:Q] with 0 <= Q < 50, not '\(text)'")
            }
            return mode == "percentile" ? .percentile(q) : .robust(q)
        }
    }

    /// `[GLOB=]CxHxW`: the shape is written channels first whatever `layout` says (which is only
    /// how a row stores it), e.g. `3x32x32` or `fc1.*=1x28x28`.
    static func inputShapeRule(_ text: String, layout: InputLayout) throws(UsageError) -> InputShapeRule {
        let (pattern, shapeText) = text.lastIndex(of: "=").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
            ?? (nil, text)
        if pattern?.isEmpty == true { throw UsageError(message: "--input-shape '\(text)': nothing before '='") }
        let parts = shapeText.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 3, let c = parts[0], let h = parts[1], let w = parts[2],
              [c, h, w].allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw UsageError(message: "--input-shape must be [GLOB=]CxHxW with three positive sizes like 3x32x32, not '\(text)'")
        }
        // 32x32x3 with hwc is H×W×C written in storage order: a 32-channel image is not what was meant.
        if layout == .hwc, !Self.imageChannels.contains(c), Self.imageChannels.contains(w) {
            throw UsageError(message: "--input-shape is written CxHxW for every --input-layout (hwc only says a row stores "
                             + "HxWxC): did you mean \(w)x\(c)x\(h)? ('\(text)' reads as \(c) channels of \(h)x\(w))")
        }
        return InputShapeRule(pattern: pattern, shape: InputShape(channels: c, height: h, width: w, layout: layout))
    }

    /// Channel counts of images (grey, RGB): what the hwc check expects first.
    static let imageChannels: Set<Int> = [1, 3]
}
