import WeightAtlasEncode

/// One tensor's entry of manifest.json (and of `inspect --json`, and of each model's manifest
/// in zoo.json), typed: the members every entry has and the outputs it lists. `Manifest` writes
/// entries through it; drift (`TensorFacts`), the zoo page's preview, `ZooEntry.images` and
/// `StaleOutputs` read them back through it, so the member names live here only.
///
/// The members a reader never reads back (histograms, roughness, heatmap, input, LoRA, heads,
/// render) are written by their own types' `json` and carried as `measured` (after `layout`)
/// and `described` (after `grid`), which keeps the document's member order.
public struct ManifestTensor: Sendable, Equatable {
    /// The tensor's finite statistics and non-finite counts (`stats`).
    public struct Stats: Sendable, Equatable {
        /// Smallest and largest finite value; nil when none is finite (written as null).
        public var min, max: Double?
        /// Mean and standard deviation of the finite values; nil when not finite.
        public var mean, std: Double?
        /// NaN and ±Inf counts.
        public var nan, inf: Int
    }

    /// A Deep Zoom pyramid's descriptor and tile folder (`dzi`).
    public struct DeepZoom: Sendable, Equatable {
        /// The `.dzi` file and its `_files` folder, relative to the manifest.
        public var descriptor, files: String
        /// Full image size, tile size, overlap and level count.
        public var width, height, tileSize, overlap, levels: Int
        /// The tiles' image format.
        public var format: String
    }

    /// The tile grid of the image (`grid`): how pixels map to filters.
    public struct Grid: Sendable, Equatable {
        /// Tiles across and down, one tile's size, channels, padding and scale, image size.
        public var cols, rows, tileWidth, tileHeight, channels, padding, scale, width, height: Int
    }

    /// Tensor name, shape and dtype.
    public var name: String
    public var shape: [Int]
    public var dtype: String?
    /// Statistics; nil in an entry that lacks them.
    public var stats: Stats?
    /// The layout kind (`rgb-tiles`, `heatmap`, ...).
    public var layout: String?
    /// Filters and how many are constant, when filters were counted.
    public var filters, deadFilters: Int?
    /// The image (`.png` or `.dzi`) and the viewer's tile statistics (`.tiles.js`).
    public var image, tiles: String?
    /// The pyramid, for a Deep Zoom image.
    public var dzi: DeepZoom?
    /// The grid, for a tiled layout.
    public var grid: Grid?
    /// Members written after `layout` and after `grid` (see above); empty when read back.
    public var measured: [(String, JSONValue)] = [], described: [(String, JSONValue)] = []

    /// An entry of the given name and shape; everything else unset.
    public init(name: String, shape: [Int]) {
        self.name = name
        self.shape = shape
    }

    public static func == (a: ManifestTensor, b: ManifestTensor) -> Bool {
        a.name == b.name && a.shape == b.shape && a.dtype == b.dtype && a.stats == b.stats && a.layout == b.layout
            && a.filters == b.filters && a.deadFilters == b.deadFilters && a.image == b.image && a.tiles == b.tiles
            && a.dzi == b.dzi && a.grid == b.grid
            && JSONValue.object(a.measured) == JSONValue.object(b.measured) && JSONValue.object(a.described) == JSONValue.object(b.described)
    }
}

extension ManifestTensor {
    /// The entry as the manifest holds it, members in their one order.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("shape", .array(shape.map { .int($0) }))]
        if let dtype { members.append(("dtype", .string(dtype))) }
        if let stats {
            members.append(("stats", .object([
                ("min", .finite(stats.min)), ("max", .finite(stats.max)), ("mean", .finite(stats.mean)), ("std", .finite(stats.std)),
                ("nan", .int(stats.nan)), ("inf", .int(stats.inf)),
            ])))
        }
        if let layout { members.append(("layout", .string(layout))) }
        members += measured
        if let filters { members.append(("filters", .int(filters))) }
        if let deadFilters { members.append(("dead_filters", .int(deadFilters))) }
        if let image { members.append(("image", .string(image))) }
        if let tiles { members.append(("tiles", .string(tiles))) }
        if let dzi {
            members.append(("dzi", .object([
                ("descriptor", .string(dzi.descriptor)), ("files", .string(dzi.files)),
                ("width", .int(dzi.width)), ("height", .int(dzi.height)), ("tile_size", .int(dzi.tileSize)),
                ("overlap", .int(dzi.overlap)), ("levels", .int(dzi.levels)), ("format", .string(dzi.format)),
            ])))
        }
        if let grid {
            members.append(("grid", .object([
                ("cols", .int(grid.cols)), ("rows", .int(grid.rows)),
                ("tile_width", .int(grid.tileWidth)), ("tile_height", .int(grid.tileHeight)),
                ("channels", .int(grid.channels)), ("padding", .int(grid.padding)), ("scale", .int(grid.scale)),
                ("width", .int(grid.width)), ("height", .int(grid.height)),
            ])))
        }
        return .object(members + described)
    }

    /// Reads an entry back; nil when it has no string `name` or no all-integer `shape`. A
    /// member of the wrong type reads as absent (a whole `dzi` or `grid` when one it needs is:
    /// `files`, `tile_size`, `levels`; `width`, `height`), so one odd member never hides the
    /// rest of the entry; other missing integers read as 0, a missing descriptor as "".
    public init?(json entry: JSONValue) {
        guard case .string(let name)? = entry["name"], let dims = entry["shape"]?.elements else { return nil }
        let shape = dims.compactMap(\.integer)
        guard shape.count == dims.count else { return nil }
        self.init(name: name, shape: shape)
        dtype = entry["dtype"]?.string
        layout = entry["layout"]?.string
        if let stats = entry["stats"], case .object = stats {
            self.stats = Stats(min: stats["min"]?.double, max: stats["max"]?.double, mean: stats["mean"]?.double,
                               std: stats["std"]?.double, nan: stats["nan"]?.integer ?? 0, inf: stats["inf"]?.integer ?? 0)
        }
        filters = entry["filters"]?.integer
        deadFilters = entry["dead_filters"]?.integer
        image = entry["image"]?.string
        tiles = entry["tiles"]?.string
        if let d = entry["dzi"], let files = d["files"]?.string, let tileSize = d["tile_size"]?.integer, let levels = d["levels"]?.integer {
            dzi = DeepZoom(descriptor: d["descriptor"]?.string ?? "", files: files, width: d["width"]?.integer ?? 0, height: d["height"]?.integer ?? 0,
                           tileSize: tileSize, overlap: d["overlap"]?.integer ?? 0, levels: levels, format: d["format"]?.string ?? "png")
        }
        if let g = entry["grid"], let width = g["width"]?.integer, let height = g["height"]?.integer {
            grid = Grid(cols: g["cols"]?.integer ?? 0, rows: g["rows"]?.integer ?? 0, tileWidth: g["tile_width"]?.integer ?? 0, tileHeight: g["tile_height"]?.integer ?? 0,
                        channels: g["channels"]?.integer ?? 0, padding: g["padding"]?.integer ?? 0, scale: g["scale"]?.integer ?? 0,
                        width: width, height: height)
        }
    }

    /// The `tensors` of a manifest document that read as entries, in order.
    public static func entries(of manifest: JSONValue?) -> [ManifestTensor] {
        (manifest?["tensors"]?.elements ?? []).compactMap(ManifestTensor.init(json:))
    }
}
