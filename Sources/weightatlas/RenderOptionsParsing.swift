import WeightAtlas

/// The options shared by `render` and `inspect` that decide layouts and normalisation.
enum RenderOptionsParsing {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "--tensor", repeatable: true, placeholder: "NAME", help: "only tensors matching NAME (a glob; repeatable)"),
        OptionSpec(name: "--input-shape", placeholder: "CxHxW", help: "reshape dense rows of this size to images, e.g. 3x32x32"),
        OptionSpec(name: "--input-layout", placeholder: "chw|hwc", help: "order of a dense row (default chw; hwc reads HxWxC)"),
        OptionSpec(name: "--normalize", placeholder: "MODE", help: "minmax (default) | symmetric | percentile:Q"),
        OptionSpec(name: "--scope", placeholder: "SCOPE", help: "values sharing a normalisation: filter (default) | kernel | layer"),
        OptionSpec(name: "--colormap", placeholder: "MAP", help: "gray | viridis | magma | diverging (default gray; diverging for symmetric)"),
        OptionSpec(name: "--cols", placeholder: "N", help: "tiles per row (default ceil(sqrt(n)); a filter bank: one row per filter)"),
        OptionSpec(name: "--padding", placeholder: "PX", help: "pixels between tiles (default 1)"),
        OptionSpec(name: "--pad-value", placeholder: "0-255", help: "grey level of the padding (default 0)"),
        OptionSpec(name: "--scale", placeholder: "N", help: "integer upscale of each value (default: a 3x3 kernel becomes 12x12)"),
        OptionSpec(name: "--max-size", placeholder: "PX", help: "largest heatmap side before block reduction (default 2048)"),
        OptionSpec(name: "--reduce", placeholder: "mean|maxabs", help: "heatmap block reduction (default mean)"),
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
        if arguments.flag("--full") {
            guard arguments.value("--max-size") == nil else { throw UsageError(message: "--full and --max-size exclude each other") }
            options.maxSize = 1 << 40
        }
        let layout = try arguments.choice("--input-layout", InputLayout.self) ?? .chw
        if let text = arguments.value("--input-shape") {
            options.inputShape = try inputShape(text, layout: layout)
        } else if arguments.value("--input-layout") != nil {
            throw UsageError(message: "--input-layout needs --input-shape")
        }
        return (options, TensorSelection(arguments.all("--tensor")))
    }

    static func normalization(_ text: String) throws(UsageError) -> Normalization {
        switch text {
        case "minmax": return .minmax
        case "symmetric": return .symmetric
        default:
            guard text.hasPrefix("percentile:"), let q = Double(text.dropFirst("percentile:".count)), q >= 0, q < 50 else {
                throw UsageError(message: "--normalize must be minmax, symmetric or percentile:Q with 0 <= Q < 50, not '\(text)'")
            }
            return .percentile(q)
        }
    }

    /// `CxHxW` (or `HxWxC` with `hwc`), e.g. `3x32x32`.
    static func inputShape(_ text: String, layout: InputLayout) throws(UsageError) -> InputShape {
        let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
        guard parts.count == 3, parts.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw UsageError(message: "--input-shape must be three positive sizes like 3x32x32, not '\(text)'")
        }
        return layout == .chw
            ? InputShape(channels: parts[0], height: parts[1], width: parts[2], layout: .chw)
            : InputShape(channels: parts[2], height: parts[0], width: parts[1], layout: .hwc)
    }
}



