@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// A random but seeded render case: a tensor's values, a band of its mosaic and the
/// group parameters, covering the corners of the rendering semantics.
struct ParityJob: CustomStringConvertible {
    var job: BandJob
    /// The canonical values of the band's tiles.
    var values: [Float]
    var seed: UInt64
    var groupKind: String

    var description: String {
        let g = job.grid
        return "seed \(seed): \(g.tileCount) tiles \(g.tileWidth)x\(g.tileHeight)x\(g.channels), cols \(g.cols), "
            + "pad \(g.padding), scale \(g.scale), rows \(job.rows) of \(g.height), group \(groupKind)=\(job.groupLength), "
            + "pixelChannels \(job.pixelChannels)"
    }

    /// `large`: hundreds of tiles up to 12×12; `wide` as large, on 32–80 tile columns (the
    /// OpenCL backend's `tile_cells` path).
    init(seed: UInt64, large: Bool = false, wide: Bool = false) {
        var rng = SeededGenerator(seed: seed)
        let channels = rng.chance(0.4) ? 3 : 1
        let large = large || wide
        let grid = TileGrid(tileCount: large ? rng.int(200...600) : rng.int(1...40),
                            tileWidth: rng.int(1...(large ? 12 : 7)), tileHeight: rng.int(1...(large ? 12 : 7)),
                            channels: channels, cols: wide ? rng.int(32...80) : rng.int(1...(large ? 30 : 8)),
                            padding: rng.int(0...2), scale: rng.int(1...3))
        let plane = grid.tileWidth * grid.tileHeight
        let kinds: [(String, Int)] = [("kernel", plane), ("filter", grid.tileElements),
                                      ("filters", grid.tileElements * rng.int(2...5)),
                                      ("layer", grid.tileElements * grid.tileCount)]
        let (kind, groupLength) = kinds[rng.int(0...(kinds.count - 1))]
        let total = grid.tileCount * grid.tileElements
        let groupCount = (total + groupLength - 1) / groupLength

        var tensor = [Float](repeating: 0, count: total)
        var params: [GroupParams] = []
        for g in 0..<groupCount {
            let range = (g * groupLength)..<min(total, (g + 1) * groupLength)
            params.append(Self.fill(&tensor, range, &rng))
        }
        let pixelChannels = channels == 3 ? 3 : (rng.chance(0.5) ? 1 : 3)
        let colormap = Colormap.allCases[rng.int(0...(Colormap.allCases.count - 1))]
        var palette = Palette(colormap: colormap, pad: UInt8(rng.int(0...255)))
        if rng.chance(0.2) { palette.table = (0..<768).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        if rng.chance(0.3) { palette.marker = (UInt8(rng.int(0...255)), UInt8(rng.int(0...255)), UInt8(rng.int(0...255))) }

        let start = rng.int(0...(grid.height - 1))
        let end = rng.chance(0.3) ? grid.height : rng.int((start + 1)...grid.height)
        job = BandJob(grid: grid, rows: start..<end, groupLength: groupLength, params: params,
                      pixelChannels: pixelChannels, palette: palette)
        let tiles = job.tiles
        values = Array(tensor[(tiles.lowerBound * grid.tileElements)..<(tiles.upperBound * grid.tileElements)])
        self.seed = seed
        groupKind = kind
    }

    /// Fills one group's values and returns its parameters: ordinary ranges from the group's
    /// own min/max, constant groups, a range that overflows Float32, and exact .5 ties.
    static func fill(_ tensor: inout [Float], _ range: Range<Int>, _ rng: inout SeededGenerator) -> GroupParams {
        let style = rng.int(0...9)
        var lo = Float.infinity, hi = -Float.infinity
        for i in range {
            var x: Float
            switch style {
            case 0: x = 0.25                                         // constant: s = 0
            case 1: x = rng.float(-3e38, 3e38)                        // huge range
            case 2: x = Float(rng.int(-2...257)) + 0.5                // ties after scaling by 1
            case 3: x = Float(rng.int(0...510)) * 0.5 - 0.25          // ties after k = 1, s = 2
            default: x = rng.float(-1, 1) * Float(1 << rng.int(0...12))
            }
            if rng.chance(0.03) { x = [Float.nan, .infinity, -.infinity][rng.int(0...2)] }
            tensor[i] = x
            if x.isFinite { lo = min(lo, x); hi = max(hi, x) }
        }
        switch style {
        case 1:
            let params = GroupParams(lo: -3e38, hi: 3e38)
            precondition(params.k == 0.5 && (-3e38 * params.k - params.lo) * params.s == 0, "huge-range params")
            return params
        case 2: return GroupParams(k: 1, lo: 0, s: 1)
        case 3: return GroupParams(k: 1, lo: 0, s: 2)
        default: return GroupParams(lo: lo, hi: hi)
        }
    }
}
