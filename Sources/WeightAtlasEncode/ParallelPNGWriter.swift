import Foundation

/// Streams an 8-bit grey or RGB PNG to disk band by band, deflating horizontal strips of
/// rows on several cores with Intel ISA-L's igzip.
///
/// The file is one zlib stream split over IDAT chunks: the 2-byte zlib header, then each
/// strip's raw deflate blocks (every strip but the last ends in a full flush, so it is byte
/// aligned and carries no history; the last ends with the final block), then the Adler-32
/// of all filtered bytes, combined from the strips' own. Rows are copied into a ring of
/// `2 × workers + 2` strips; a strip goes to the process's `EncoderPool` when full (the
/// calling thread deflates queued strips while it waits; with one worker it deflates each
/// strip itself, at once),
/// and is written out, in order,
/// when its slot is needed again or at `finish()`: memory depends on the width, never on the
/// height. Written under a temporary name renamed into place by `finish()`.
public final class ParallelPNGWriter {
    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// Compression threads asked for: strips in flight are bounded by them, and one means
    /// the calling thread alone.
    public let workers: Int
    /// Bytes per row.
    public var rowBytes: Int { width * channels }

    private let file: AtomicFile
    private var output: BinaryFile?
    private let pool = EncoderPool.shared
    private let level: Int
    /// The calling thread's own igzip context, for the strips it deflates at once (one worker).
    private let callerDeflater: ISALDeflater?
    private let filter: PNGRowFilter
    private let strips: [PNGStrip]
    private var submitted = 0
    private var emitted = 0
    private var rowsTaken = 0
    private var adler: UInt32 = 1

    /// Starts `path`: `level` 0 writes stored blocks, 1…3 is igzip's level; each row is
    /// filtered with `filter`; strips hold about `stripBytes` of raw rows (at least one row).
    /// - Throws: `OutputError` when the file cannot be created or the size is beyond PNG's limits.
    public init(path: String, width: Int, height: Int, channels: Int, level: Int, filter: PNGRowFilter,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount, stripBytes: Int = 1 << 20) throws(OutputError) {
        precondition(channels == 1 || channels == 3, "grey or RGB")
        precondition((0...3).contains(level), "level 0 (stored) or igzip 1…3")
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF, width * channels < 1 << 30 else {
            throw OutputError(path: path, message: PNGLimits.message(width: width, height: height, limit: 0x7FFF_FFFF, engine: "PNG"))
        }
        self.width = width
        self.height = height
        self.channels = channels
        self.filter = filter
        file = AtomicFile(path: path)
        self.workers = max(1, workers)
        self.level = level
        callerDeflater = level > 0 && self.workers == 1 ? ISALDeflater(level: level) : nil
        let rows = min(height, max(1, stripBytes / (width * channels)))
        strips = (0..<(2 * self.workers + 2)).map { _ in PNGStrip(rowBytes: width * channels, capacity: rows, filter: filter) }
        do throws(OutputError) {
            let out = try BinaryFile(path: file.temporaryPath, reportedPath: path)
            output = out
            try out.write(PNGChunks.start(width: width, height: height, channels: channels))
            try out.write(PNGChunks.chunk("IDAT", PNGChunks.zlibHeader(level: level)))
        } catch {
            abort()
            throw error
        }
    }

    deinit { abort() }

    /// Appends `bytes.count / rowBytes` rows.
    /// - Throws: `OutputError` on a write failure (the temporary file is removed).
    public func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError) {
        guard output != nil else { throw OutputError(path: file.path, message: "writer already finished or aborted") }
        let count = bytes.count / rowBytes
        precondition(rowsTaken + count <= height, "more rows than the image has")
        guard let base = bytes.baseAddress else { return }
        do throws(OutputError) {
            for r in 0..<count {
                let strip = try openStrip()
                strip.append(base + r * rowBytes)
                rowsTaken += 1
                if strip.rows == strip.capacity || rowsTaken == height { submit(strip) }
            }
        } catch {
            abort()
            throw error
        }
    }

    /// Waits for the last strips, writes the Adler-32 and IEND, and renames the file into place.
    /// - Throws: `OutputError` when rows are missing or the file cannot be completed.
    public func finish() throws(OutputError) {
        guard let out = output else { throw OutputError(path: file.path, message: "writer already finished or aborted") }
        guard rowsTaken == height else {
            abort()
            throw OutputError(path: file.path, message: "only \(rowsTaken) of \(height) rows written")
        }
        do throws(OutputError) {
            while emitted < submitted { try emit(strips[emitted % strips.count]) }
            try out.write(PNGChunks.chunk("IDAT", PNGChunks.bigEndian(adler)))
            try out.write(PNGChunks.end)
            output = nil
            try out.close()
        } catch {
            abort()
            throw error
        }
        try file.commit()
    }

    /// Abandons the image: closes and removes the temporary file. Strips still with a worker
    /// finish there and are dropped.
    public func abort() {
        guard output != nil else { return }
        output = nil
        file.discard()
    }

    /// The strip the next row goes into: the ring's next slot, written out first if a worker
    /// still had it, and given the previous strip's last row as its row above.
    private func openStrip() throws(OutputError) -> PNGStrip {
        let strip = strips[submitted % strips.count]
        if strip.inFlight { try emit(strip) }
        if !strip.isOpen {
            let previous = submitted > 0 ? strips[(submitted - 1) % strips.count] : nil
            strip.reset(above: previous.map { $0.lastRow() })
        }
        return strip
    }

    /// Hands `strip` to a worker.
    private func submit(_ strip: PNGStrip) {
        strip.isLast = rowsTaken == height
        strip.inFlight = true
        strip.isOpen = false
        submitted += 1
        let bpp = channels
        // One worker is this thread alone: deflate the strip now, while its rows are in cache.
        guard workers > 1 else {
            strip.encode(bytesPerPixel: bpp, deflater: callerDeflater)
            strip.done.signal()
            return
        }
        pool.submit(level: level) { deflater in
            strip.encode(bytesPerPixel: bpp, deflater: deflater)
            strip.done.signal()
        }
    }

    /// Waits for the oldest strip with a worker and writes it as one IDAT chunk.
    private func emit(_ strip: PNGStrip) throws(OutputError) {
        // Deflate queued strips here rather than sleep: this thread is one of the workers.
        pool.help(until: strip.done)
        strip.inFlight = false
        emitted += 1
        guard let out = output else { throw OutputError(path: file.path, message: "writer aborted") }
        let data = strip.compressed
        try out.write(PNGChunks.bigEndian(UInt32(data.count)) + Array("IDAT".utf8))
        try out.write(data)
        try out.write(PNGChunks.bigEndian(strip.crc))
        adler = Checksums.adler32Combine(adler, strip.adler, secondLength: strip.filteredCount)
    }
}
