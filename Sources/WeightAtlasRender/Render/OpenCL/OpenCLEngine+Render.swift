import COpenCL
import WeightAtlasTensor

extension OpenCLEngine {
    /// Draws `job` on the device: upload the band's values (or find them in the resident copy
    /// of `origin`'s tensor), rescale them to codes (Kernels/rescale.cl), tile the codes into
    /// pixels (Kernels/tile.cl), download the band.
    /// - Throws: `BackendError` for a job the kernels cannot draw or a failing OpenCL call.
    func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer,
                origin: ValueOrigin? = nil) throws(BackendError) -> StageTimings {
        let grid = job.grid
        let tiles = job.tiles
        let count = tiles.count * grid.tileElements
        try validate(job, valueCount: values.count, pixelBytes: pixels.count)
        guard !job.rows.isEmpty else { return StageTimings() }
        let firstElement = tiles.lowerBound * grid.tileElements
        let firstGroup = firstElement / job.groupLength
        let groupEnd = count == 0 ? firstGroup : (firstElement + count - 1) / job.groupLength + 1
        guard groupEnd <= job.params.count else {
            throw BackendError(backend: "opencl", message: "render: the band needs group \(groupEnd - 1) but the job has \(job.params.count) group parameters")
        }
        guard dividesExactly || !job.params[firstGroup..<groupEnd].contains(where: { $0.rule == .torchvision }) else {
            throw BackendError(backend: "opencl", message: "render: \(device.name) has no correctly rounded division, which torchvision's rule needs to match the CPU; use --backend cpu")
        }

        let paramBuffer = try params.ensure((groupEnd - firstGroup) * MemoryLayout<GroupParams>.stride)
        let codeBuffer = try codes.ensure(count * 2)
        let output = try self.pixels.ensure(job.byteCount)
        return try session { events throws(BackendError) in
            let input = try place(UnsafeBufferPointer(rebasing: values[0..<count]), origin: origin, &events)
            let stride = MemoryLayout<GroupParams>.stride
            try job.params.withUnsafeBytes { bytes in
                Result { () throws(BackendError) in
                    try upload(UnsafeRawBufferPointer(rebasing: bytes[firstGroup * stride..<groupEnd * stride]), to: paramBuffer, &events)
                }
            }.get()
            if uploadedTable != job.palette.table {
                try job.palette.table.withUnsafeBytes { bytes in
                    Result { () throws(BackendError) in try upload(bytes, to: table, &events) }
                }.get()
                uploadedTable = job.palette.table
            }
            if count > 0 {
                let k = perRun ? rescaleRunsKernel : rescaleKernel
                try k.set(0, input.buffer)
                try k.set(1, UInt64(count))
                try k.set(2, UInt64(firstElement))
                try k.set(3, UInt64(job.groupLength))
                try k.set(4, UInt64(firstGroup))
                try k.set(5, paramBuffer)
                try k.set(6, codeBuffer)
                try k.set(7, UInt64(input.offset))
                if perRun { try k.set(8, UInt64(Self.rescaleRun)) }
                let items = perRun ? (count + Self.rescaleRun - 1) / Self.rescaleRun : count
                events.append((.rescale, try queue.run(k, global: [roundUp(items, rescaleGroup)], local: [rescaleGroup])))
            }
            // Many tile columns: a work-item per cell (no division per pixel); few (a heatmap's
            // one tile, a bank of 3 input channels): a work-item per pixel, so a band row
            // still spreads over many.
            let byCell = grid.cols >= Self.cellKernelColumns
            let (kernel, group) = byCell ? (cellKernel, cellGroup) : (tileKernel, tileGroup)
            try setTileArguments(kernel, job, codes: codeBuffer, pixels: output)
            // Fixed work-group sizes: PoCL compiles a kernel variant per local size, so letting
            // the driver choose (local = nil) would compile one per band shape.
            let global = [roundUp(byCell ? grid.cols : grid.width, group), job.rows.count]
            events.append((.tile, try queue.run(kernel, global: global, local: [group, 1])))
            let bytes = UnsafeMutableRawBufferPointer(rebasing: pixels[0..<job.byteCount])
            events.append((.download, try queue.read(output, into: bytes)))
        }
    }

    /// Values per work-item of `rescale_runs`.
    static let rescaleRun = 256

    /// Tile columns from which `tile_cells` draws a band.
    static let cellKernelColumns = 32

    /// Sets the arguments of `tile_pixels` or `tile_cells` (the same list) for `job`.
    private func setTileArguments(_ k: OpenCL.Kernel, _ job: BandJob, codes: OpenCL.Buffer, pixels: OpenCL.Buffer) throws(BackendError) {
        let grid = job.grid
        let marker = UInt32(job.palette.marker.0) | UInt32(job.palette.marker.1) << 8 | UInt32(job.palette.marker.2) << 16
        try k.set(0, codes)
        try k.set(1, pixels)
        let scalars = [job.rows.lowerBound, job.rows.count, grid.width, grid.tileWidth, grid.tileHeight, grid.channels, grid.cols,
                       grid.padding, grid.scale, grid.tileCount, job.tiles.lowerBound, job.pixelChannels]
        for (offset, value) in scalars.enumerated() { try k.set(2 + offset, UInt32(value)) }
        try k.set(14, table)
        try k.set(15, marker)
        try k.set(16, UInt32(job.palette.pad))
    }

    /// `n` rounded up to a multiple of `group`.
    private func roundUp(_ n: Int, _ group: Int) -> Int { (n + group - 1) / group * group }

    /// Rejects jobs the kernels cannot draw, before anything is enqueued.
    private func validate(_ job: BandJob, valueCount: Int, pixelBytes: Int) throws(BackendError) {
        let grid = job.grid
        func fail(_ message: String) -> BackendError { BackendError(backend: "opencl", message: "render: " + message) }
        guard job.pixelChannels == 1 || job.pixelChannels == 3 else { throw fail("pixelChannels must be 1 or 3, not \(job.pixelChannels)") }
        guard grid.channels == 1 || (grid.channels == 3 && job.pixelChannels == 3) else {
            throw fail("tiles of \(grid.channels) channels cannot be drawn with \(job.pixelChannels) pixel channels")
        }
        guard job.palette.table.count == 768 else { throw fail("the palette table has \(job.palette.table.count) bytes, not 768") }
        guard job.groupLength > 0, grid.scale > 0, grid.tileWidth > 0, grid.tileHeight > 0 else {
            throw fail("group length, scale and tile size must be positive")
        }
        guard job.rows.lowerBound >= 0, job.rows.upperBound <= grid.height else { throw fail("rows \(job.rows) outside the mosaic's \(grid.height)") }
        guard valueCount >= job.tiles.count * grid.tileElements else {
            throw fail("\(valueCount) values given, the band's tiles need \(job.tiles.count * grid.tileElements)")
        }
        guard pixelBytes >= job.byteCount else { throw fail("\(pixelBytes) pixel bytes given, the band needs \(job.byteCount)") }
        guard grid.width < Int(UInt32.max), grid.height < Int(UInt32.max), grid.tileCount < Int(UInt32.max) else {
            throw fail("the mosaic is too large for 32-bit pixel coordinates")
        }
    }
}
