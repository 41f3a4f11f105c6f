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
    public static func entry(_ report: TensorReport) -> JSONValue {
        let stats = report.stats
        var members: [(String, JSONValue)] = [
            ("name", .string(report.info.name)),
            ("shape", .array(report.info.shape.map { .int($0) })),
            ("dtype", .string(report.info.dtype.rawValue)),
            ("stats", .object([
                ("min", stats.finite > 0 ? .finite(Double(stats.min)) : .null),
                ("max", stats.finite > 0 ? .finite(Double(stats.max)) : .null),
                ("mean", .finite(stats.mean)), ("std", .finite(stats.std)),
                ("nan", .int(stats.nan)), ("inf", .int(stats.inf)),
            ])),
            ("layout", .string(report.plan.kind.rawValue)),
        ]
        if let histogram = report.histogram { members.append(("histogram", histogram.json)) }
        if let roughness = report.roughness?.json { members.append(("roughness", roughness)) }
        if let pair = report.histogramPair { members += [("histogram_a", pair.a.json), ("histogram_b", pair.b.json)] }
        if let dead = report.deadFilters {
            members.append(("filters", .int(report.plan.filterCount)))
            members.append(("dead_filters", .int(dead)))
        }
        if let image = report.image { members.append(("image", .string(image))) }
        if let tiles = report.tilesFile { members.append(("tiles", .string(tiles))) }
        if let pyramid = report.deepZoom, let image = report.image {
            members.append(("dzi", .object([
                ("descriptor", .string(image)), ("files", .string(String(image.dropLast(4)) + "_files")),
                ("width", .int(pyramid.width)), ("height", .int(pyramid.height)), ("tile_size", .int(pyramid.tileSize)),
                ("overlap", .int(pyramid.overlap)), ("levels", .int(pyramid.levelCount)), ("format", .string("png")),
            ])))
        }
        if let grid = report.plan.grid {
            members.append(("grid", .object([
                ("cols", .int(grid.cols)), ("rows", .int(grid.rows)),
                ("tile_width", .int(grid.tileWidth)), ("tile_height", .int(grid.tileHeight)),
                ("channels", .int(grid.channels)), ("padding", .int(grid.padding)), ("scale", .int(grid.scale)),
                ("width", .int(grid.width)), ("height", .int(grid.height)),
            ])))
        }
        if let heatmap = report.plan.heatmap {
            members.append(("heatmap", .object([("block_rows", .int(heatmap.blockRows)), ("block_cols", .int(heatmap.blockCols)),
                                                 ("reduce", .string(heatmap.reduction.rawValue))])))
        }
        if let input = report.plan.input {
            let shape = input.shape
            members.append(("input", .object([
                ("shape", .array([.int(shape.channels), .int(shape.height), .int(shape.width)])),
                ("layout", .string(shape.layout.rawValue)), ("from", .string(input.source.rawValue)),
            ])))
        }
        if let lora = report.lora { members.append(("lora", lora.json)) }
        if let heads = report.heads { members += heads.members }
        if let rendering = report.rendering { members.append(("render", renderingEntry(rendering))) }
        return .object(members)
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
