import WeightAtlasTensor

/// Decides the layout of each tensor from its shape and the render options.
public struct LayoutPlanner: Sendable {
    /// The options that shape every plan.
    public var options: RenderOptions
    /// The largest default mosaic side; the default scale shrinks to stay under it.
    public static let defaultSizeLimit = 16384

    /// A planner for `options`.
    public init(options: RenderOptions) { self.options = options }

    /// The plan for `tensor`.
    public func plan(_ tensor: TensorInfo) -> LayoutPlan {
        let stored = Self.canonical(tensor.storedView, role: tensor.role)
        let shape = stored.shape
        guard tensor.count > 0, shape.count >= 2 else {
            return statsOnly(tensor.count)
        }
        switch shape.count {
        case 2: return dense(stored, out: shape[0], inputs: shape[1], tensor: tensor)
        case 3: return filters(stored.inserting(axis: 2), o: shape[0], i: shape[1], h: 1, w: shape[2])
        case 4: return filters(stored, o: shape[0], i: shape[1], h: shape[2], w: shape[3])
        case 5:
            // Conv3d O×I×D×H×W: every depth slice of every input channel is a tile.
            guard let view = stored.merging(axes: 1...2) else { return statsOnly(tensor.count) }
            return filters(view, o: shape[0], i: shape[1] * shape[2], h: shape[3], w: shape[4])
        default:
            guard let matrix = stored.merging(axes: 1...(shape.count - 1)) else { return statsOnly(tensor.count) }
            return heatmap(matrix, rows: shape[0], cols: tensor.count / shape[0])
        }
    }

    /// `view` seen as PyTorch lays the weight out (O×I×k…), as far as its role says.
    static func canonical(_ view: StridedView, role: TensorRole?) -> StridedView {
        let n = view.shape.count
        switch role {
        case .convTransposeWeight where n >= 3:
            return view.permuted([1, 0] + Array(2..<n))
        case .channelsLastKernel where n >= 2:
            return view.permuted([n - 1, n - 2] + Array(0..<(n - 2)))
        case .channelsLastTransposedKernel where n >= 3:
            return view.permuted([n - 2, n - 1] + Array(0..<(n - 2)))
        case .depthwiseKernel where n == 4:
            return view.permuted([2, 3, 0, 1]).merging(axes: 0...1).map { $0.inserting(axis: 1) } ?? view
        case .outputFirstChannelsLast where n >= 3:
            return view.permuted([0, n - 1] + Array(1..<(n - 1)))
        case .depthwiseChannelsLast where n == 4:
            return view.permuted([3, 0, 1, 2])
        default:
            return view
        }
    }

    /// Statistics only: the values as one flat run (1-D tensors are contiguous; empty ones read nothing).
    func statsOnly(_ count: Int) -> LayoutPlan {
        LayoutPlan(kind: .statsOnly, values: StridedView(shape: [count], strides: [1]),
                   filterLength: max(1, count), groupLength: max(1, count), grid: nil)
    }

    /// Conv-like `[o, i, h, w]` views: RGB tiles for i = 3, grey tiles for i = 1, else a bank.
    func filters(_ view: StridedView, o: Int, i: Int, h: Int, w: Int) -> LayoutPlan {
        let tile = h * w
        if i == 3 {
            let rgb = options.bgr ? view.reversed(axis: 1) : view
            return tiles(.rgbTiles, rgb, count: o, h: h, w: w, channels: 3, cols: nil,
                         filterLength: 3 * tile, kernelLength: tile)
        }
        if i == 1 {
            return tiles(.greyTiles, view, count: o, h: h, w: w, channels: 1, cols: nil,
                         filterLength: tile, kernelLength: tile)
        }
        return tiles(.filterBank, view, count: o * i, h: h, w: w, channels: 1, cols: i,
                     filterLength: i * tile, kernelLength: tile)
    }

    /// Dense `out×in`: reshaped rows when an `--input-shape` rule covers the tensor and fits its
    /// rows, or when the file says the rows are images; else a heatmap. Never by arithmetic
    /// alone: a 4096×4096 projection is a matrix, not 4096 squares.
    func dense(_ view: StridedView, out: Int, inputs: Int, tensor: TensorInfo) -> LayoutPlan {
        guard let (input, source) = inputImage(of: tensor, inputs: inputs) else {
            return heatmap(view, rows: out, cols: inputs)
        }
        let (c, h, w) = (input.channels, input.height, input.width)
        let image = input.layout == .chw
            ? view.splitting(axis: 1, into: [c, h, w])
            : view.splitting(axis: 1, into: [h, w, c]).permuted([0, 3, 1, 2])
        var plan = filters(image, o: out, i: c, h: h, w: w)
        plan.input = DenseInput(shape: input, source: source)
        return plan
    }

    /// The image shape of `tensor`'s rows of `inputs` values: the first `--input-shape` rule
    /// that covers it (when it fits), else the file's own hint.
    func inputImage(of tensor: TensorInfo, inputs: Int) -> (InputShape, InputShapeSource)? {
        if let rule = options.inputShapes.first(where: { $0.covers(tensor.name) }), rule.shape.count == inputs {
            return (rule.shape, .option)
        }
        if let image = tensor.inputImage, image.count == inputs {
            return (InputShape(channels: image.channels, height: image.height, width: image.width), .file)
        }
        return nil
    }

    func tiles(_ kind: LayoutKind, _ view: StridedView, count: Int, h: Int, w: Int, channels: Int,
               cols: Int?, filterLength: Int, kernelLength: Int) -> LayoutPlan {
        let columns = cols ?? options.cols ?? Self.ceilSqrt(count)
        var grid = TileGrid(tileCount: count, tileWidth: w, tileHeight: h, channels: channels,
                            cols: columns, padding: options.padding, scale: 1)
        grid.scale = options.scale ?? defaultScale(for: grid)
        let group = switch options.scope {
        case .filter: filterLength
        case .kernel: kernelLength
        case .layer: view.count
        }
        return LayoutPlan(kind: kind, values: view, filterLength: filterLength, groupLength: group, grid: grid)
    }

    func heatmap(_ view: StridedView, rows: Int, cols: Int) -> LayoutPlan {
        let plan = HeatmapPlan(rows: rows, cols: cols, maxSize: max(1, options.maxSize), reduction: options.reduction)
        let outLongest = max(plan.outputRows, plan.outputCols)
        let scale = options.scale ?? max(1, min(16, (Self.readableSide + outLongest - 1) / outLongest))
        let grid = TileGrid(tileCount: 1, tileWidth: plan.outputCols, tileHeight: plan.outputRows, channels: 1,
                            cols: 1, padding: 0, scale: scale)
        return LayoutPlan(kind: .heatmap, values: view, filterLength: cols,
                          groupLength: plan.outputRows * plan.outputCols, grid: grid, heatmap: plan)
    }

    /// The long side a default-scaled mosaic reaches at least, so a small grid can be seen
    /// when its PNG is opened.
    public static let readableSide = 256
    /// The largest default scale.
    public static let maxDefaultScale = 32

    /// Smallest scale that makes a tile's short side at least 12 px (a 3×3 kernel becomes 12×12)
    /// and the mosaic's long side at least `readableSide` (up to `maxDefaultScale`), shrunk
    /// while the mosaic would exceed `defaultSizeLimit`.
    func defaultScale(for grid: TileGrid) -> Int {
        var probe = grid
        probe.scale = max(1, (12 + min(grid.tileWidth, grid.tileHeight) - 1) / min(grid.tileWidth, grid.tileHeight))
        while probe.scale < Self.maxDefaultScale && max(probe.width, probe.height) < Self.readableSide { probe.scale += 1 }
        while probe.scale > 1 && max(probe.width, probe.height) > Self.defaultSizeLimit { probe.scale -= 1 }
        return probe.scale
    }

    static func ceilSqrt(_ n: Int) -> Int {
        var root = Int(Double(n).squareRoot())
        while root * root < n { root += 1 }
        while root > 1 && (root - 1) * (root - 1) >= n { root -= 1 }
        return max(1, root)
    }
}
