import WeightAtlasTensor

extension CPUBackend {
    /// Rescales and tiles `job`'s rows in one pass: each unit of work is a run of output rows
    /// inside one tile row, so the values it reads are still in cache when its pixels are written.
    public func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) {
        precondition(pixels.count >= job.byteCount && values.count >= job.tiles.count * job.grid.tileElements)
        let units = Self.units(of: job, wholeTileRows: false)
        record(.rescaleTile) {
            job.params.withUnsafeBufferPointer { params in
                job.palette.packedTable.withUnsafeBufferPointer { table in
                    let context = TileContext(job: job, values: values.baseAddress!, params: params.baseAddress!,
                                              table: table.baseAddress!, pixels: pixels.baseAddress!)
                    parallel(units.count) { context.draw(rows: units[$0]) }
                }
            }
        }
    }

    /// The band's rows cut at tile-row boundaries and, unless `wholeTileRows`, big tile rows
    /// cut further so that each unit holds roughly 64 K pixels.
    static func units(of job: BandJob, wholeTileRows: Bool) -> [Range<Int>] {
        let cell = job.grid.cellHeight
        let rowsPerUnit = max(1, 65_536 / max(1, job.grid.width))
        var units: [Range<Int>] = []
        var y = job.rows.lowerBound
        while y < job.rows.upperBound {
            let cellEnd = min(job.rows.upperBound, (y / cell + 1) * cell)
            let end = wholeTileRows || cellEnd - y <= 2 * rowsPerUnit ? cellEnd : y + rowsPerUnit
            units.append(y..<end)
            y = end
        }
        return units
    }
}

/// Everything one band's drawing reads, as raw pointers for the inner loops.
struct TileContext: @unchecked Sendable {
    let grid: TileGrid
    let band: Range<Int>
    let firstTile: Int
    let groupLength: Int
    let pixelChannels: Int
    let values: UnsafePointer<Float>
    /// Parameters of every group of the tensor (nil for a fused render, which derives them).
    let params: UnsafePointer<GroupParams>?
    /// The palette as packed colours, r | g << 8 | b << 16 (grey output uses the low byte).
    let table: UnsafePointer<UInt32>
    let pixels: UnsafeMutableRawPointer
    let marker: UInt32
    let pad: UInt8
    /// Set for a fused render: each tile row's groups are measured, and their parameters
    /// derived with this normalisation, just before the row is drawn.
    var fused: Normalization?
    /// Where a fused render leaves each segment's statistics (index: segment − first segment of the band).
    var segments: UnsafeMutablePointer<SegmentStats>?
    /// Values per segment of a fused render (a divisor of the group length).
    var segmentLength = 1

    init(job: BandJob, values: UnsafePointer<Float>, params: UnsafePointer<GroupParams>?,
         table: UnsafePointer<UInt32>, pixels: UnsafeMutableRawPointer) {
        grid = job.grid
        band = job.rows
        firstTile = job.tiles.lowerBound
        groupLength = job.groupLength
        pixelChannels = job.pixelChannels
        self.values = values
        self.params = params
        self.table = table
        self.pixels = pixels
        marker = job.palette.packedMarker
        pad = job.palette.pad
    }

    func row(_ y: Int) -> UnsafeMutablePointer<UInt8> {
        (pixels + (y - band.lowerBound) * grid.width * pixelChannels).assumingMemoryBound(to: UInt8.self)
    }

    /// Draws output rows `rows` (all inside one tile row): padding first, then each tile's
    /// levels for the value rows the unit shows, written out row by row.
    func draw(rows: Range<Int>) {
        let tileRow = rows.lowerBound / grid.cellHeight
        let top = tileRow * grid.cellHeight, tileHeightPx = grid.tileHeight * grid.scale
        let tilesInRow = min(grid.cols, grid.tileCount - tileRow * grid.cols)
        let area = rows.clamped(to: top..<(top + tileHeightPx))
        for y in rows where !area.contains(y) {
            row(y).initialize(repeating: pad, count: grid.width * pixelChannels)
        }
        guard let fused else {
            guard !area.isEmpty else { return }
            return drawTiles(area, tileRow: tileRow, tilesInRow: tilesInRow, params: params!, firstGroup: 0)
        }
        let tiles = (tileRow * grid.cols)..<(tileRow * grid.cols + tilesInRow)
        measure(tiles, normalization: fused, writeStatistics: rows.lowerBound == max(top, band.lowerBound)) { params, firstGroup in
            if !area.isEmpty { drawTiles(area, tileRow: tileRow, tilesInRow: tilesInRow, params: params, firstGroup: firstGroup) }
        }
    }

    /// Draws the tile area rows `area` of one tile row with `params[group − firstGroup]`.
    func drawTiles(_ area: Range<Int>, tileRow: Int, tilesInRow: Int, params: UnsafePointer<GroupParams>, firstGroup: Int) {
        let top = tileRow * grid.cellHeight
        fillGaps(rows: area, tilesInRow: tilesInRow)
        let valueRows = ((area.lowerBound - top) / grid.scale)..<((area.upperBound - 1 - top) / grid.scale + 1)
        let count = valueRows.count * grid.tileWidth
        let plane = grid.tileWidth * grid.tileHeight
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: count) { colors in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { levels in
                for column in 0..<tilesInRow {
                    let tile = tileRow * grid.cols + column
                    let local = (tile - firstTile) * grid.tileElements + valueRows.lowerBound * grid.tileWidth
                    let group = { (c: Int) in params[(tile * grid.tileElements + c * plane) / groupLength - firstGroup] }
                    let nonFinite = grid.channels == 3
                        ? Self.rgb(values + local, plane, count, group(0), group(1), group(2), into: colors.baseAddress!)
                        : mapped(values + local, count, group(0), levels: levels.baseAddress!, into: colors.baseAddress!)
                    if nonFinite { markNonFinite(values + local, plane, count, into: colors.baseAddress!) }
                    for y in area {
                        let vy = (y - top) / grid.scale - valueRows.lowerBound
                        emit(colors.baseAddress! + vy * grid.tileWidth, into: row(y) + column * grid.cellWidth * pixelChannels)
                    }
                }
            }
        }
    }

    /// Pads the columns between tiles and the empty places after the last tile.
    func fillGaps(rows: Range<Int>, tilesInRow: Int) {
        let tileWidthPx = grid.tileWidth * grid.scale
        for y in rows {
            let out = row(y)
            if grid.padding > 0 {
                for column in 0..<tilesInRow - 1 {
                    (out + (column * grid.cellWidth + tileWidthPx) * pixelChannels)
                        .initialize(repeating: pad, count: grid.padding * pixelChannels)
                }
            }
            let end = (tilesInRow - 1) * grid.cellWidth + tileWidthPx
            (out + end * pixelChannels).initialize(repeating: pad, count: (grid.width - end) * pixelChannels)
        }
    }

    /// The level of one value (`GroupParams.level`, the one rescale).
    @inline(__always)
    static func level(_ x: Float, _ k: Float, _ lo: Float, _ s: Float) -> UInt32 { GroupParams.level(x, k, lo, s) }

    /// 1 when `x` is NaN or infinite.
    @inline(__always)
    static func nonFinite(_ x: Float) -> UInt32 { ~x.bitPattern & 0x7F80_0000 == 0 ? 1 : 0 }

    /// Packed RGB (r | g << 8 | b << 16) of `count` values of three planes `plane` apart;
    /// true when some value is not finite. Plain loops, one per rule, so the compiler vectorises them.
    static func rgb(_ x: UnsafePointer<Float>, _ plane: Int, _ count: Int, _ r: GroupParams, _ g: GroupParams, _ b: GroupParams,
                    into out: UnsafeMutablePointer<UInt32>) -> Bool {
        let (xg, xb) = (x + plane, x + 2 * plane)
        var bad: UInt32 = 0
        if r.rule == .torchvision || g.rule == .torchvision || b.rule == .torchvision {
            for i in 0..<count {
                out[i] = rescaled(x[i], r) | rescaled(xg[i], g) << 8 | rescaled(xb[i], b) << 16
                bad |= nonFinite(x[i]) | nonFinite(xg[i]) | nonFinite(xb[i])
            }
            return bad != 0
        }
        for i in 0..<count {
            out[i] = level(x[i], r.k, r.lo, r.s) | level(xg[i], g.k, g.lo, g.s) << 8 | level(xb[i], b.k, b.lo, b.s) << 16
            bad |= nonFinite(x[i]) | nonFinite(xg[i]) | nonFinite(xb[i])
        }
        return bad != 0
    }

    /// The level of `x` under `p`'s rule.
    @inline(__always)
    static func rescaled(_ x: Float, _ p: GroupParams) -> UInt32 {
        p.rule == .torchvision ? GroupParams.torchvisionLevel(x, p.lo, p.hi, p.d) : level(x, p.k, p.lo, p.s)
    }

    /// Colours of `count` single-channel values through the palette; true when some value is not finite.
    func mapped(_ x: UnsafePointer<Float>, _ count: Int, _ p: GroupParams, levels: UnsafeMutablePointer<UInt8>,
                into out: UnsafeMutablePointer<UInt32>) -> Bool {
        var bad: UInt32 = 0
        if p.rule == .torchvision {
            for i in 0..<count {
                levels[i] = UInt8(truncatingIfNeeded: GroupParams.torchvisionLevel(x[i], p.lo, p.hi, p.d))
                bad |= Self.nonFinite(x[i])
            }
        } else {
            for i in 0..<count {
                levels[i] = UInt8(truncatingIfNeeded: Self.level(x[i], p.k, p.lo, p.s))
                bad |= Self.nonFinite(x[i])
            }
        }
        for i in 0..<count { out[i] = table[Int(levels[i])] }
        return bad != 0
    }

    /// Replaces the colour of every pixel with a non-finite value by the marker.
    func markNonFinite(_ x: UnsafePointer<Float>, _ plane: Int, _ count: Int, into colors: UnsafeMutablePointer<UInt32>) {
        for c in 0..<grid.channels {
            for i in 0..<count where !x[c * plane + i].isFinite { colors[i] = marker }
        }
    }

    /// One pixel row of a tile from its packed colours, each repeated `scale` times.
    /// RGB pixels are stored 4 bytes at a time (the fourth byte is overwritten by the next
    /// pixel); the tile's last pixel is stored bytewise so nothing past the tile is touched.
    @inline(__always)
    func emit(_ colors: UnsafePointer<UInt32>, into out: UnsafeMutablePointer<UInt8>) {
        let width = grid.tileWidth, scale = grid.scale
        if pixelChannels == 1 {
            var o = out
            for x in 0..<width {
                o.initialize(repeating: UInt8(truncatingIfNeeded: colors[x]), count: scale)
                o += scale
            }
            return
        }
        let raw = UnsafeMutableRawPointer(out)
        let pixels = width * scale
        if scale == 1 {
            for x in 0..<(width - 1) { raw.storeBytes(of: colors[x].littleEndian, toByteOffset: 3 * x, as: UInt32.self) }
        } else {
            for p in 0..<(pixels - 1) { raw.storeBytes(of: colors[p / scale].littleEndian, toByteOffset: 3 * p, as: UInt32.self) }
        }
        let last = colors[width - 1]
        out[3 * pixels - 3] = UInt8(truncatingIfNeeded: last)
        out[3 * pixels - 2] = UInt8(truncatingIfNeeded: last >> 8)
        out[3 * pixels - 1] = UInt8(truncatingIfNeeded: last >> 16)
    }
}
