import WeightAtlasEncode
import WeightAtlasRender
import WeightAtlasTensor

/// What rendering (or inspecting) one tensor found and produced.
public struct TensorReport: Sendable {
    /// The tensor.
    public var info: TensorInfo
    /// How it was laid out.
    public var plan: LayoutPlan
    /// Statistics of all its values (finite values only for min/max/mean/std).
    public var stats: Summary
    /// Filters whose finite values are constant (all-zero included); nil for stats-only tensors.
    public var deadFilters: Int?
    /// Image file name inside the output folder; nil when no image was written.
    public var image: String?
    /// 1 (grey PNG) or 3 (RGB PNG).
    public var pixelChannels: Int?
    /// Per-tile statistics (tile layouts up to `TileStatistics.limit` tiles).
    public var tiles: TileStatistics?
    /// The Deep Zoom pyramid written instead of a PNG (`image` is then its .dzi file).
    public var deepZoom: DeepZoomGeometry?
    /// File name of the viewer's per-tile statistics script, when written.
    public var tilesFile: String?
    /// How the values became pixels, when an image was drawn.
    public var rendering: Rendering?
    /// 64 bins of the finite values on [min, max] (numpy.histogram's), when there are any.
    public var histogram: Histogram?
    /// For a spatial filter tensor (kH, kW ≥ 2): each filter's roughness.
    public var roughness: Roughness?
    /// For a diff's B − A: A's and B's histograms on one shared range.
    public var histogramPair: (a: Histogram, b: Histogram)?
    /// For a LoRA adapter's delta: its rank, norm and singular values.
    public var lora: LoRASummary?
    /// For an attention projection of a model that states its head count: each head's numbers.
    public var heads: HeadStatistics?

    /// Creates a report.
    public init(info: TensorInfo, plan: LayoutPlan, stats: Summary, deadFilters: Int?,
                image: String? = nil, pixelChannels: Int? = nil) {
        self.info = info
        self.plan = plan
        self.stats = stats
        self.deadFilters = deadFilters
        self.image = image
        self.pixelChannels = pixelChannels
    }
}
