import WeightAtlasEncode
import WeightAtlasRender

/// The JSON that describes an atlas: `manifest.json` for `render`, `inspect --json` for inspect.
public enum Manifest {
    /// The whole document for `model` (its path as the user gave it) in `format`.
    public static func document(model: String, format: String, backend: String?, options: RenderOptions,
                                tensors: [TensorReport], mosaic: Mosaic? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [("model", .string(model)), ("format", .string(format))]
        if let backend { members.append(("backend", .string(backend))) }
        members.append(("options", optionsEntry(options)))
        members.append(("tensors", .array(tensors.map(entry))))
        if let mosaic { members.append(("mosaic", mosaicEntry(mosaic))) }
        return .object(members)
    }

    /// The mosaic: its file and where each layer sits (a layer's `grid` then maps pixels to tiles).
    static func mosaicEntry(_ mosaic: Mosaic) -> JSONValue {
        .object([
            ("image", .string(mosaic.path)), ("width", .int(mosaic.width)), ("height", .int(mosaic.height)),
            ("separator", .int(Mosaic.separator)),
            ("regions", .array(mosaic.regions.map { region in
                .object([("tensor", .string(region.tensor)), ("x", .int(region.x)), ("y", .int(region.y)),
                         ("width", .int(region.width)), ("height", .int(region.height))])
            })),
        ])
    }

    /// One tensor's entry.
    public static func entry(_ report: TensorReport) -> JSONValue { tensor(report).json }

    /// One tensor's entry, typed.
    public static func tensor(_ report: TensorReport) -> ManifestTensor {
        let stats = report.stats
        var entry = ManifestTensor(name: report.info.name, shape: report.info.shape)
        entry.dtype = report.info.dtype.rawValue
        entry.stats = .init(min: stats.finite > 0 ? Double(stats.min) : nil, max: stats.finite > 0 ? Double(stats.max) : nil,
                            mean: stats.mean, std: stats.std, nan: stats.nan, inf: stats.inf)
        entry.layout = report.plan.kind.rawValue
        if let histogram = report.histogram { entry.measured.append(("histogram", histogram.json)) }
        if let roughness = report.roughness?.json { entry.measured.append(("roughness", roughness)) }
        if let pair = report.histogramPair { entry.measured += [("histogram_a", pair.a.json), ("histogram_b", pair.b.json)] }
        if let dead = report.deadFilters {
            entry.filters = report.plan.filterCount
            entry.deadFilters = dead
        }
        entry.image = report.image
        entry.tiles = report.tilesFile
        if let pyramid = report.deepZoom, let image = report.image {
            entry.dzi = .init(descriptor: image, files: String(image.dropLast(4)) + "_files", width: pyramid.width,
                              height: pyramid.height, tileSize: pyramid.tileSize, overlap: pyramid.overlap,
                              levels: pyramid.levelCount, format: "png")
        }
        if let grid = report.plan.grid {
            entry.grid = .init(cols: grid.cols, rows: grid.rows, tileWidth: grid.tileWidth, tileHeight: grid.tileHeight,
                               channels: grid.channels, padding: grid.padding, scale: grid.scale, width: grid.width, height: grid.height)
        }
        if let heatmap = report.plan.heatmap {
            entry.described.append(("heatmap", .object([("block_rows", .int(heatmap.blockRows)), ("block_cols", .int(heatmap.blockCols)),
                                                         ("reduce", .string(heatmap.reduction.rawValue))])))
        }
        if let input = report.plan.input {
            let shape = input.shape
            entry.described.append(("input", .object([
                ("shape", .array([.int(shape.channels), .int(shape.height), .int(shape.width)])),
                ("layout", .string(shape.layout.rawValue)), ("from", .string(input.source.rawValue)),
            ])))
        }
        if let lora = report.lora { entry.described.append(("lora", lora.json)) }
        if let heads = report.heads { entry.described += heads.members }
        if let rendering = report.rendering { entry.described.append(("render", renderingEntry(rendering))) }
        return entry
    }

    /// What was done to the values: mode, scope, bounds, reduction, colormap, and a sentence.
    static func renderingEntry(_ rendering: Rendering) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("normalize", .string(rendering.normalization.description)), ("scope", .string(rendering.scope.rawValue)),
        ]
        if let lo = rendering.lo, let hi = rendering.hi { members += [("lo", .finite(Double(lo))), ("hi", .finite(Double(hi)))] }
        if let colormap = rendering.colormap { members.append(("colormap", .string(colormap.rawValue))) }
        if rendering.logMagnitude { members.append(("values", .string("log10|x|"))) }
        members.append(("legend", .string(rendering.legend)))
        return .object(members)
    }

    static func optionsEntry(_ options: RenderOptions) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("normalize", .string(options.normalization?.description ?? "auto")),
            ("scope", .string(options.scope.rawValue)),
            ("colormap", .string(options.effectiveColormap.rawValue)),
            ("padding", .int(options.padding)),
            ("pad_value", .int(Int(options.padValue))),
        ]
        if let rule = options.inputShapes.first, options.inputShapes.count == 1, rule.pattern == nil {
            let input = rule.shape
            members.append(("input_shape", .array([.int(input.channels), .int(input.height), .int(input.width)])))
            members.append(("input_layout", .string(input.layout.rawValue)))
        }
        if options.bgr { members.append(("bgr", .bool(true))) }
        return .object(members)
    }
}
