import WeightAtlasTensor

/// Keras paths for HDF5 dataset paths, and the layout role of each kernel.
///
/// Keras 3 (`model.weights.h5`): `layers/<layer>/vars/<i>`, nested models as
/// `layers/<model>/layers/<layer>/vars/<i>`; the layer's class (from config.json) names
/// variable i. Legacy Keras 2 (`save_weights`, `save` as .h5): `[model_weights/]<layer>/
/// <layer>/kernel:0`. Both become `<layer>/kernel`.
enum KerasNaming {
    /// Variable names in creation order, by layer class (Keras 3 `build` order).
    static func variableNames(_ layer: KerasConfig.Layer) -> [String] {
        switch layer.className {
        case "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
             "Dense", "DepthwiseConv1D", "DepthwiseConv2D", "EinsumDense":
            return ["kernel", "bias"]
        case "SeparableConv1D", "SeparableConv2D":
            return ["depthwise_kernel", "pointwise_kernel", "bias"]
        case "BatchNormalization":
            return (layer.scale ? ["gamma"] : []) + (layer.center ? ["beta"] : []) + ["moving_mean", "moving_variance"]
        case "LayerNormalization":
            return (layer.scale ? ["gamma"] : []) + (layer.center ? ["beta"] : [])
        case "Embedding":
            return ["embeddings"]
        default:
            return []
        }
    }

    /// The role of variable `variable` of a layer of class `className` (nil: not known).
    static func role(variable: String, className: String?) -> TensorRole? {
        switch (variable, className) {
        case ("kernel", "DepthwiseConv2D"), ("depthwise_kernel", "SeparableConv2D"): return .depthwiseKernel
        case ("depthwise_kernel", nil), ("depthwise_kernel", "DepthwiseConv2D"): return .depthwiseKernel
        case ("kernel", "Conv1DTranspose"), ("kernel", "Conv2DTranspose"), ("kernel", "Conv3DTranspose"):
            return .channelsLastTransposedKernel
        case ("kernel", "Conv1D"), ("kernel", "Conv2D"), ("kernel", "Conv3D"), ("kernel", "Dense"),
             ("pointwise_kernel", _), ("kernel", nil):
            return .channelsLastKernel
        default: return nil
        }
    }

    /// Name, role and sort key of the Keras 3 dataset at `path`, named through `config`.
    static func keras3(_ path: String, config: KerasConfig) -> (name: String, role: TensorRole?, order: Int) {
        var parts = path.split(separator: "/").map(String.init)
        guard parts.count >= 3, parts[parts.count - 2] == "vars", let index = Int(parts[parts.count - 1]) else {
            return (path, nil, Int.max)
        }
        let layerName = parts[parts.count - 3]
        let layer = config.layers[layerName]
        let order = (layer?.order ?? (1 << 40)) << 16 | min(index, 0xFFFF)   // layer order, then variable index
        let names = layer.map(variableNames) ?? []
        parts.removeLast(2)
        parts.removeAll { $0 == "layers" }
        guard index < names.count else { return ((parts + ["vars", String(index)]).joined(separator: "/"), nil, order) }
        let name = (parts + [names[index]]).joined(separator: "/")
        return (name, role(variable: names[index], className: layer?.className), order)
    }

    /// Name and role of the legacy (Keras 2) dataset at `path`.
    static func legacy(_ path: String) -> (name: String, role: TensorRole?) {
        var parts = path.split(separator: "/").map(String.init)
        if parts.first == "model_weights" { parts.removeFirst() }
        if var last = parts.last, last.hasSuffix(":0") {
            last.removeLast(2)
            parts[parts.count - 1] = last
        }
        if parts.count >= 3, parts[1] == parts[0] { parts.remove(at: 1) }
        let variable = parts.last ?? ""
        let isWeights = path.hasPrefix("optimizer_weights/")
        return (parts.joined(separator: "/"), isWeights ? nil : role(variable: variable, className: legacyClass(parts.first ?? "")))
    }

    /// The class a legacy file's layer has by its default name (`conv2d_transpose_3` is a
    /// Conv2DTranspose), where the kernel's layout depends on it; nil otherwise. Legacy files
    /// keep no class per weight group, so a renamed transposed convolution reads as a Conv.
    static func legacyClass(_ layer: String) -> String? {
        for rank in 1...3 {
            let prefix = "conv\(rank)d_transpose"
            if layer == prefix || (layer.hasPrefix(prefix + "_") && Int(layer.dropFirst(prefix.count + 1)) != nil) {
                return "Conv\(rank)DTranspose"
            }
        }
        return nil
    }

    /// True when `paths` are laid out as Keras 3 writes them (`.../vars/<i>`).
    static func isKeras3(_ paths: [String]) -> Bool {
        paths.contains { $0.hasPrefix("layers/") || $0.hasPrefix("vars/") }
    }

    /// Orders `a` before `b` comparing runs of digits by value (conv2d_2 before conv2d_10).
    static func naturalLess(_ a: String, _ b: String) -> Bool {
        var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
        var x = i.next(), y = j.next()
        while let p = x, let q = y {
            if p.properties.numericType != nil, q.properties.numericType != nil, p.isASCII, q.isASCII {
                var m = "", n = ""
                while let c = x, c.isASCII, c.properties.numericType != nil { m.unicodeScalars.append(c); x = i.next() }
                while let c = y, c.isASCII, c.properties.numericType != nil { n.unicodeScalars.append(c); y = j.next() }
                if m.count != n.count { return m.count < n.count }
                if m != n { return m < n }
                continue
            }
            if p != q { return p.value < q.value }
            x = i.next(); y = j.next()
        }
        return x == nil && y != nil
    }
}
