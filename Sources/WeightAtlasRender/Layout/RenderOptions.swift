/// How values map to pixel levels: the group's [lo, hi] is stretched over 0...255.
public enum Normalization: Sendable, Equatable, CustomStringConvertible {
    /// lo = min, hi = max of the group's finite values (CS231n's `visualize_grid`).
    case minmax
    /// lo = −m, hi = m with m = max |x|: zero maps to 128.
    case symmetric
    /// lo, hi = the Q-th and (100−Q)-th percentiles of the whole layer; values outside clamp.
    case percentile(Double)
    /// The heatmap default: the layer's Q-th and (100−Q)-th percentiles, widened to ±max(|lo|, |hi|)
    /// when they straddle zero (zero is then level 128 and the colormap diverging); values
    /// outside clamp, so one outlier cannot wash the image out.
    case robust(Double)
    /// torchvision's `make_grid(normalize=True)` and `save_image` arithmetic (`GroupParams.Rule.torchvision`):
    /// each group's [min, max], or the fixed `value_range` when given, clamped, divided by
    /// max(hi − lo, 1e-5), ×255 + 0.5 and truncated. `torchvision:0,1` is `normalize=False`.
    case torchvision(ValueRange?)

    /// Fixed bounds given as text, kept as the Doubles the user wrote (Python floats).
    public struct ValueRange: Sendable, Equatable {
        /// Lower bound.
        public var lo: Double
        /// Upper bound.
        public var hi: Double

        /// A range.
        public init(lo: Double, hi: Double) {
            self.lo = lo
            self.hi = hi
        }
    }

    /// The percentile a `robust` heatmap clips at when the user names none.
    public static let robustDefault = 1.0

    /// True for the modes whose bounds come from the whole layer's percentiles.
    public var isLayerWide: Bool {
        switch self {
        case .percentile, .robust: true
        case .minmax, .symmetric, .torchvision: false
        }
    }

    /// The option's spelling: `minmax`, `symmetric`, `percentile:Q`.
    public var description: String {
        switch self {
        case .minmax: "minmax"
        case .symmetric: "symmetric"
        case .percentile(let q): "percentile:\(Self.number(q))"
        case .robust(let q): "robust:\(Self.number(q))"
        case .torchvision(nil): "torchvision"
        case .torchvision(let range?): "torchvision:\(range.lo),\(range.hi)"
        }
    }

    /// `q` as the option writes it: `1`, not `1.0`.
    package static func number(_ q: Double) -> String {
        q == q.rounded() && abs(q) < 1e15 ? String(Int(q)) : String(q)
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

/// The shape of a dense layer's input image, always written channels first (`3x32x32`);
/// `layout` says in which order a row stores it.
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

    /// `CxHxW` as the option writes it.
    public var description: String { "\(channels)x\(height)x\(width)" }
}

/// `--input-shape [GLOB=]CxHxW`: the image shape of the dense rows of the tensors `pattern`
/// matches (every dense tensor when nil).
public struct InputShapeRule: Sendable, Equatable {
    /// The tensors this rule is for (a glob on the full name); nil for all.
    public var pattern: String?
    /// Their rows' image shape.
    public var shape: InputShape

    /// A rule.
    public init(pattern: String? = nil, shape: InputShape) {
        self.pattern = pattern
        self.shape = shape
    }

    /// True when the rule covers the tensor `name`.
    public func covers(_ name: String) -> Bool { pattern.map { NameGlob.matches($0, name) } ?? true }
}

/// How a heatmap shrinks a matrix larger than `maxSize`.
public enum BlockReduction: String, Sendable, Equatable, CaseIterable {
    /// Mean of the finite values of the block.
    case mean
    /// The value of largest magnitude in the block (sign kept).
    case maxabs
    /// Root mean square of the block's finite values: where the weight's energy is.
    case rms
    /// Population standard deviation of the block's finite values.
    case std
}

/// Everything that decides how tensors become pictures.
public struct RenderOptions: Sendable, Equatable {
    /// Level mapping; nil: minmax for tiles, `robust` for heatmaps.
    public var normalization: Normalization?
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
    /// Dense layers these rules cover are reshaped to their image (the first rule that covers a tensor wins).
    public var inputShapes: [InputShapeRule] = []
    /// Largest heatmap side in pixels.
    public var maxSize: Int = 2048
    /// Heatmap block reduction.
    public var reduction: BlockReduction = .mean
    /// Heatmaps show log10 of each (reduced) value's magnitude (`--log`).
    public var logMagnitude: Bool = false
    /// Read 3-channel filters as B, G, R (Caffe-style).
    public var bgr: Bool = false
    /// Write a Deep Zoom pyramid instead of a PNG for every image (`--dzi`).
    public var deepZoom: Bool = false
    /// Images wider or taller than this become Deep Zoom pyramids (`--dzi-threshold`).
    public var deepZoomThreshold: Int = 16384

    /// Defaults: minmax per filter for tiles, robust for heatmaps, gray, padding 1.
    public init() {}

    /// The normalisation a layout of `kind` uses.
    public func normalization(for kind: LayoutKind) -> Normalization {
        normalization ?? (kind == .heatmap ? .robust(Normalization.robustDefault) : .minmax)
    }

    /// The colormap single-channel tiles use; `signed`: the drawn bounds straddle zero.
    public func colormap(for normalization: Normalization, signed: Bool = false) -> Colormap {
        if let colormap { return colormap }
        switch normalization {
        case .symmetric: return .diverging
        case .robust: return logMagnitude ? .magma : signed ? .diverging : .gray
        case .minmax, .percentile, .torchvision: return .gray
        }
    }

    /// The colormap of tile layouts, as the manifest's options record it.
    public var effectiveColormap: Colormap { colormap(for: normalization(for: .greyTiles)) }
}
