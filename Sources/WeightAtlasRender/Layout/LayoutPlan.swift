import WeightAtlasTensor

/// How a tensor is drawn.
public enum LayoutKind: String, Sendable, Equatable {
    /// One RGB tile per filter (3 input channels, or a dense row reshaped to 3×H×W).
    case rgbTiles = "rgb-tiles"
    /// One row per output filter, one grey tile per input channel.
    case filterBank = "filter-bank"
    /// One single-channel tile per filter or dense row.
    case greyTiles = "grey-tiles"
    /// The matrix as one image, block-reduced to fit `maxSize`.
    case heatmap
    /// Statistics only (1-D tensors, scalars, empty tensors).
    case statsOnly = "stats-only"
}

/// Who said a dense tensor's rows are images.
public enum InputShapeSource: String, Sendable, Equatable {
    /// `--input-shape`.
    case option
    /// The file's own graph (an ONNX image input reaching the layer through Flatten or Reshape).
    case file
}

/// The image shape a dense tensor's rows were read as.
public struct DenseInput: Sendable, Equatable {
    /// The shape and the order a row stores it in.
    public var shape: InputShape
    /// Who said so.
    public var source: InputShapeSource
}

/// A heatmap's block reduction: each `blockRows`×`blockCols` block of the `rows`×`cols`
/// matrix becomes one pixel, so neither side of the image exceeds `--max-size`.
public struct HeatmapPlan: Sendable, Equatable {
    /// Rows of the matrix.
    public var rows: Int
    /// Columns of the matrix.
    public var cols: Int
    /// Matrix rows per pixel (1 = no reduction).
    public var blockRows: Int
    /// Matrix columns per pixel (1 = no reduction).
    public var blockCols: Int
    /// The block reduction.
    public var reduction: BlockReduction

    /// A plan for a `rows`×`cols` matrix whose image sides stay within `maxSize`.
    public init(rows: Int, cols: Int, maxSize: Int, reduction: BlockReduction) {
        self.init(rows: rows, cols: cols, blockRows: (rows + maxSize - 1) / maxSize,
                  blockCols: (cols + maxSize - 1) / maxSize, reduction: reduction)
    }

    /// A plan with explicit block sizes.
    public init(rows: Int, cols: Int, blockRows: Int, blockCols: Int, reduction: BlockReduction) {
        self.rows = rows
        self.cols = cols
        self.blockRows = max(1, blockRows)
        self.blockCols = max(1, blockCols)
        self.reduction = reduction
    }

    /// True when the image is the matrix itself.
    public var isIdentity: Bool { blockRows == 1 && blockCols == 1 }
    /// Rows of the reduced image.
    public var outputRows: Int { (rows + blockRows - 1) / blockRows }
    /// Columns of the reduced image.
    public var outputCols: Int { (cols + blockCols - 1) / blockCols }
}

/// The plan for one tensor: the order its values are read in, the grid they fill, and
/// which values share a normalisation.
///
/// `values` presents the tensor in canonical order: tile-major, then channel, row, column,
/// so every filter and every normalisation group is a contiguous run.
public struct LayoutPlan: Sendable, Equatable {
    /// The drawing.
    public var kind: LayoutKind
    /// The tensor's values in canonical order (for a heatmap: the matrix, row-major).
    public var values: StridedView
    /// Values per filter in canonical order (the unit of dead-filter counting).
    public var filterLength: Int
    /// Values per normalisation group of the rendered values.
    public var groupLength: Int
    /// The mosaic; nil for `statsOnly`.
    public var grid: TileGrid?
    /// The block reduction for `heatmap`.
    public var heatmap: HeatmapPlan?
    /// The image a dense tensor's rows were reshaped to, and who said so; nil otherwise.
    public var input: DenseInput?

    /// Creates a plan.
    public init(kind: LayoutKind, values: StridedView, filterLength: Int, groupLength: Int,
                grid: TileGrid?, heatmap: HeatmapPlan? = nil) {
        self.kind = kind
        self.values = values
        self.filterLength = filterLength
        self.groupLength = groupLength
        self.grid = grid
        self.heatmap = heatmap
    }

    /// What the reduce pass of the tensor's own values keeps statistics for: filters, groups
    /// and tiles for tile layouts; rows for a heatmap (its groups are the reduced image's);
    /// the whole run for stats-only tensors.
    public var statisticsUnits: StatisticsUnits {
        switch kind {
        case .heatmap, .statsOnly: StatisticsUnits(filter: filterLength, group: filterLength)
        default: StatisticsUnits(filter: filterLength, group: groupLength, tile: grid?.tileElements)
        }
    }

    /// Number of filters (values.count / filterLength).
    public var filterCount: Int { filterLength == 0 ? 0 : values.count / filterLength }
}
