extension CPUBackend {
    /// Rescales and tiles `job`'s rows in one pass: each unit of work is a run of output rows
    /// inside one tile row, so the values it reads are still in cache when its pixels are written.
    public func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) {
        precondition(pixels.count >= job.byteCount && values.count >= job.tiles.count * job.grid.tileElements)
        let units = Self.units(of: job)
        record("rescale+tile") {
            job.params.withUnsafeBufferPointer { params in
                job.palette.table.withUnsafeBufferPointer { table in
                    let context = TileContext(job: job, values: values.baseAddress!, params: params.baseAddress!,
                                              table: table.baseAddress!, pixels: pixels.baseAddress!)
                    parallel(units.count) { context.draw(rows: units[$0]) }
                }
            }
        }
    }

    /// The band's rows cut at tile-row boundaries, and big tile rows cut further so that
    /// each unit holds roughly 64 K pixels.
    static func units(of job: BandJob) -> [Range<Int>] {
        let cell = job.grid.cellHeight
        let rowsPerUnit = max(1, 65_536 / max(1, job.grid.width))
        var units: [Range<Int>] = []
        var y = job.rows.lowerBound
        while y < job.rows.upperBound {
            let cellEnd = min(job.rows.upperBound, (y / cell + 1) * cell)
            let end = min(cellEnd, y + max(rowsPerUnit, cellEnd - y <= 2 * rowsPerUnit ? cellEnd - y : rowsPerUnit))
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
    let params: UnsafePointer<GroupParams>
    let table: UnsafePointer<UInt8>
    let pixels: UnsafeMutableRawPointer
    let marker: (UInt8, UInt8, UInt8)
    let pad: UInt8

    init(job: BandJob, values: UnsafePointer<Float>, params: UnsafePointer<GroupParams>,
         table: UnsafePointer<UInt8>, pixels: UnsafeMutableRawPointer) {
        grid = job.grid
        band = job.rows
        firstTile = job.tiles.lowerBound
        groupLength = job.groupLength
        pixelChannels = job.pixelChannels
        self.values = values
        self.params = params
        self.table = table
        self.pixels = pixels
        marker = job.palette.marker
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
        guard !area.isEmpty else { return }
        fillGaps(rows: area, tilesInRow: tilesInRow)
        let valueRows = ((area.lowerBound - top) / grid.scale)..<((area.upperBound - 1 - top) / grid.scale + 1)
        let count = valueRows.count * grid.tileWidth
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count * (grid.channels + 1)) { scratch in
            let levels = scratch.baseAddress!
            for column in 0..<tilesInRow {
                let tile = tileRow * grid.cols + column
                var nonFinite = false
                for c in 0..<grid.channels {
                    let plane = ((tile - firstTile) * grid.channels + c) * grid.tileWidth * grid.tileHeight
                    let global = (tile * grid.channels + c) * grid.tileWidth * grid.tileHeight
                    let first = plane + valueRows.lowerBound * grid.tileWidth
                    nonFinite = Self.levels(values + first, count, params[global / groupLength], into: levels + c * count) || nonFinite
                }
                let marks: UnsafeMutablePointer<UInt8>? = nonFinite ? levels + grid.channels * count : nil
                if let marks { markNonFinite(tile: tile, valueRows: valueRows, into: marks) }
                for y in area {
                    let vy = (y - top) / grid.scale - valueRows.lowerBound
                    let out = row(y) + column * grid.cellWidth * pixelChannels
                    emit(levels + vy * grid.tileWidth, stride: count, marks: marks.map { $0 + vy * grid.tileWidth }, into: out)
                }
            }
        }
    }

    /// Pads the columns between tiles and the empty places after the last tile.
    func fillGaps(rows: Range<Int>, tilesInRow: Int) {
        let tileWidthPx = grid.tileWidth * grid.scale
        for y in rows {
            let out = row(y)
            for column in 0..<tilesInRow - 1 {
                (out + (column * grid.cellWidth + tileWidthPx) * pixelChannels)
                    .initialize(repeating: pad, count: grid.padding * pixelChannels)
            }
            let end = (tilesInRow - 1) * grid.cellWidth + tileWidthPx
            (out + end * pixelChannels).initialize(repeating: pad, count: (grid.width - end) * pixelChannels)
        }
    }

    /// Levels of `count` values with one group's parameters; true when some value is not finite.
    /// Written as a plain loop so the compiler vectorises it.
    @inline(__always)
    static func levels(_ x: UnsafePointer<Float>, _ count: Int, _ p: GroupParams, into out: UnsafeMutablePointer<UInt8>) -> Bool {
        let (k, lo, s) = (p.k, p.lo, p.s)
        var nonFinite: UInt32 = 0
        for i in 0..<count {
            let value = x[i]
            var v = (value * k - lo) * s
            v = v > 0 ? v : 0
            v = v < 255 ? v : 255
            // v + 2^23 rounds to nearest, ties to even (as rint), leaving the level in the low byte.
            out[i] = UInt8(truncatingIfNeeded: (v + 8_388_608).bitPattern)
            nonFinite |= ~value.bitPattern & 0x7F80_0000 == 0 ? 1 : 0
        }
        return nonFinite != 0
    }

    /// Marks (1) the values of `tile` in `valueRows` whose pixel is the marker colour.
    func markNonFinite(tile: Int, valueRows: Range<Int>, into marks: UnsafeMutablePointer<UInt8>) {
        let count = valueRows.count * grid.tileWidth
        marks.initialize(repeating: 0, count: count)
        for c in 0..<grid.channels {
            let first = ((tile - firstTile) * grid.channels + c) * grid.tileWidth * grid.tileHeight + valueRows.lowerBound * grid.tileWidth
            for i in 0..<count where !values[first + i].isFinite { marks[i] = 1 }
        }
    }

    /// One tile row of pixels from its levels (channel planes `stride` apart).
    @inline(__always)
    func emit(_ levels: UnsafePointer<UInt8>, stride: Int, marks: UnsafePointer<UInt8>?, into out: UnsafeMutablePointer<UInt8>) {
        let width = grid.tileWidth, scale = grid.scale
        if grid.channels == 3 && marks == nil && scale == 1 {
            // One 4-byte store per pixel; its fourth byte is overwritten by the next pixel,
            // and the last pixel is stored bytewise so nothing past the tile is touched.
            let raw = UnsafeMutableRawPointer(out)
            for x in 0..<(width - 1) {
                let rgb = UInt32(levels[x]) | UInt32(levels[x + stride]) << 8 | UInt32(levels[x + 2 * stride]) << 16
                raw.storeBytes(of: rgb.littleEndian, toByteOffset: 3 * x, as: UInt32.self)
            }
            let x = width - 1
            out[3 * x] = levels[x]
            out[3 * x + 1] = levels[x + stride]
            out[3 * x + 2] = levels[x + 2 * stride]
            return
        }
        var o = out
        for x in 0..<width {
            let color: (UInt8, UInt8, UInt8)
            if let marks, marks[x] != 0 {
                color = marker
            } else if grid.channels == 3 {
                color = (levels[x], levels[x + stride], levels[x + 2 * stride])
            } else {
                let i = Int(levels[x]) * 3
                color = (table[i], table[i + 1], table[i + 2])
            }
            if pixelChannels == 1 {
                o.initialize(repeating: color.0, count: scale)
                o += scale
            } else {
                for _ in 0..<scale { o[0] = color.0; o[1] = color.1; o[2] = color.2; o += 3 }
            }
        }
    }
}
