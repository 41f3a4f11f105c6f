/// How values map to pixel levels: the group's [lo, hi] is stretched over 0...255.
public enum Normalization: Sendable, Equatable, CustomStringConvertible {
    /// lo = min, hi = max of the group's finite values (CS231n's `visualize_grid`).
    case minmax
    /// lo = −m, hi = m with m = max |x|: zero maps to 128.
    case symmetric
    /// lo, hi = the Q-th and (100−Q)-th percentiles of the whole layer; values outside clamp.
    case percentile(Double)

    /// The option's spelling: `minmax`, `symmetric`, `percentile:Q`.
    public var description: String {
        switch self {
        case .minmax: "minmax"
        case .symmetric: "symmetric"
        case .percentile(let q): "percentile:\(q)"
        }
    }
}

/// Which values share one normalisation.
public enum Scope: String, Sendable, Equatable, CaseIterable {
    /// One output filter (a tile, or a row of a filter bank).
    case filter
    /// One input channel of one filter.
    case kernel
    /// The whole tensor.
    case layer
}

/// How a dense layer's rows are stored when reshaped to an input image.
public enum InputLayout: String, Sendable, Equatable, CaseIterable {
    /// Channels first: C×H×W.
    case chw
    /// Channels last: H×W×C.
    case hwc
}

/// The shape of a dense layer's input image, e.g. `3x32x32`.
public struct InputShape: Sendable, Equatable {
    /// Channels.
    public var channels: Int
    /// Height in values.
    public var height: Int
    /// Width in values.
    public var width: Int
    /// Storage order of a row.
    public var layout: InputLayout

    /// An input image shape.
    public init(channels: Int, height: Int, width: Int, layout: InputLayout = .chw) {
        self.channels = channels
        self.height = height
        self.width = width
        self.layout = layout
    }

    /// Values in one image.
    public var count: Int { channels * height * width }
}

/// How a heatmap shrinks a matrix larger than `maxSize`.
public enum BlockReduction: String, Sendable, Equatable, CaseIterable {
    /// Mean of the finite values of the block.
    case mean
    /// The value of largest magnitude in the block (sign kept).
    case maxabs
}

/// Everything that decides how tensors become pictures.
public struct RenderOptions: Sendable, Equatable {
    /// Level mapping.
    public var normalization: Normalization = .minmax
    /// Normalisation group.
    public var scope: Scope = .filter
    /// Colormap for single-channel tiles; nil picks gray (diverging for `symmetric`).
    public var colormap: Colormap?
    /// Tiles per mosaic row; nil = ⌈√n⌉ (a filter bank: one row per output filter).
    public var cols: Int?
    /// Pixels between tiles.
    public var padding: Int = 1
    /// Grey level of the padding.
    public var padValue: UInt8 = 0
    /// Integer upscale; nil = big enough that a 3×3 kernel is visible.
    public var scale: Int?
    /// Dense layers whose input size matches are reshaped to this image.
    public var inputShape: InputShape?
    /// Largest heatmap side in pixels.
    public var maxSize: Int = 2048
    /// Heatmap block reduction.
    public var reduction: BlockReduction = .mean
    /// Read 3-channel filters as B, G, R (Caffe-style).
    public var bgr: Bool = false
    /// Write a Deep Zoom pyramid instead of a PNG for every image (`--dzi`).
    public var deepZoom: Bool = false
    /// Images wider or taller than this become Deep Zoom pyramids (`--dzi-threshold`).
    public var deepZoomThreshold: Int = 16384

    /// Defaults: minmax per filter, gray, padding 1.
    public init() {}

    /// The colormap single-channel tiles use.
    public var effectiveColormap: Colormap {
        colormap ?? (normalization == .symmetric ? .diverging : .gray)
    }
}
