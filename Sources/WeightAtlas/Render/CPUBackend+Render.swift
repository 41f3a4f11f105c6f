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

    /// Draws output rows `rows` (all inside one tile row).
    func draw(rows: Range<Int>) {
        let rowBytes = grid.width * pixelChannels
        let tileRow = rows.lowerBound / grid.cellHeight
        let tileHeightPx = grid.tileHeight * grid.scale
        var y = rows.lowerBound
        while y < rows.upperBound {
            let out = pixels + (y - band.lowerBound) * rowBytes
            let inCell = y - tileRow * grid.cellHeight
            if inCell >= tileHeightPx {
                out.initializeMemory(as: UInt8.self, repeating: pad, count: rowBytes)
                y += 1
                continue
            }
            drawRow(tileRow: tileRow, valueRow: inCell / grid.scale, into: out.assumingMemoryBound(to: UInt8.self))
            // The value row repeats `scale` times: copy the finished pixel row down.
            let repeats = min(grid.scale - inCell % grid.scale, rows.upperBound - y)
            for r in 1..<max(1, repeats) { (out + r * rowBytes).copyMemory(from: out, byteCount: rowBytes) }
            y += max(1, repeats)
        }
    }

    /// One pixel row: value row `valueRow` of every tile in `tileRow`, with padding between.
    func drawRow(tileRow: Int, valueRow: Int, into out: UnsafeMutablePointer<UInt8>) {
        let pc = pixelChannels
        let firstInRow = tileRow * grid.cols
        let tilesInRow = min(grid.cols, grid.tileCount - firstInRow)
        let planeLength = grid.tileWidth * grid.tileHeight
        var x = 0
        for column in 0..<grid.cols {
            let tileStart = out + x * pc
            if column >= tilesInRow {
                tileStart.initialize(repeating: pad, count: (grid.width - x) * pc)
                return
            }
            let tile = firstInRow + column
            let local = (tile - firstTile) * grid.tileElements + valueRow * grid.tileWidth
            let global = tile * grid.tileElements
            if grid.channels == 3 {
                drawRGB(values + local, planeLength, global, planeLength, into: tileStart)
            } else {
                drawMapped(values + local, params[global / groupLength], into: tileStart)
            }
            x += grid.tileWidth * grid.scale
            if column + 1 < grid.cols {
                (out + x * pc).initialize(repeating: pad, count: min(grid.padding, grid.width - x) * pc)
                x += grid.padding
            }
        }
    }

    /// One row of a single-channel tile through the colormap.
    @inline(__always)
    func drawMapped(_ row: UnsafePointer<Float>, _ p: GroupParams, into out: UnsafeMutablePointer<UInt8>) {
        let scale = grid.scale
        var o = out
        for i in 0..<grid.tileWidth {
            let v = row[i]
            if pixelChannels == 1 {
                let level = table[Int(p.level(v)) * 3]
                for _ in 0..<scale { o.pointee = level; o += 1 }
            } else {
                let (r, g, b) = v.isFinite ? color(p.level(v)) : marker
                for _ in 0..<scale { o[0] = r; o[1] = g; o[2] = b; o += 3 }
            }
        }
    }

    /// One row of an RGB tile: channel planes `plane` values apart.
    @inline(__always)
    func drawRGB(_ row: UnsafePointer<Float>, _ plane: Int, _ global: Int, _ planeLength: Int,
                 into out: UnsafeMutablePointer<UInt8>) {
        let pr = params[global / groupLength]
        let pg = params[(global + planeLength) / groupLength]
        let pb = params[(global + 2 * planeLength) / groupLength]
        let scale = grid.scale
        var o = out
        for i in 0..<grid.tileWidth {
            let r = row[i], g = row[i + plane], b = row[i + 2 * plane]
            let finite = r.isFinite && g.isFinite && b.isFinite
            let (cr, cg, cb) = finite ? (pr.level(r), pg.level(g), pb.level(b)) : marker
            for _ in 0..<scale { o[0] = cr; o[1] = cg; o[2] = cb; o += 3 }
        }
    }

    @inline(__always)
    func color(_ level: UInt8) -> (UInt8, UInt8, UInt8) {
        let i = Int(level) * 3
        return (table[i], table[i + 1], table[i + 2])
    }
}
