import PNGBridge

/// Streams an 8-bit grey or RGB PNG to disk band by band (libpng through PNGBridge), on one
/// core, under a temporary name that `finish()` renames into place: the `best` preset.
final class LibPNGWriter {
    /// Image width in pixels.
    let width: Int
    /// Image height in pixels.
    let height: Int
    /// 1 (grey) or 3 (RGB).
    let channels: Int
    private let file: AtomicFile
    private var handle: OpaquePointer?
    private var rowsWritten = 0

    /// Starts `path` (calls `wa_png_writer_open` on a temporary name).
    /// - Throws: `OutputError` when the file cannot be created or the size is beyond PNG's limits.
    init(path: String, width: Int, height: Int, channels: Int, level: Int32, filters: Int32) throws(OutputError) {
        // libpng refuses sides past its default user limit (1 000 000) even when writing.
        guard width > 0, height > 0, width <= 1_000_000, height <= 1_000_000 else {
            throw OutputError(path: path, message: PNGLimits.message(width: width, height: height, limit: 1_000_000, engine: "libpng (--compression best)"))
        }
        self.width = width
        self.height = height
        self.channels = channels
        file = AtomicFile(path: path)
        var message = [CChar](repeating: 0, count: 256)
        handle = wa_png_writer_open(file.temporaryPath, UInt32(width), UInt32(height), Int32(channels),
                                    level, filters, &message, message.count)
        guard handle != nil else {
            file.discard()
            throw OutputError(path: path, message: Self.text(message))
        }
    }

    deinit { abort() }

    /// Bytes per row.
    var rowBytes: Int { width * channels }

    /// Appends `bytes.count / rowBytes` rows (calls `wa_png_writer_write_rows`).
    /// - Throws: `OutputError` on a write failure (the temporary file is removed).
    func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError) {
        let count = bytes.count / rowBytes
        precondition(rowsWritten + count <= height, "more rows than the image has")
        var message = [CChar](repeating: 0, count: 256)
        let status = wa_png_writer_write_rows(handle, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self),
                                              UInt32(count), rowBytes, &message, message.count)
        guard status == 0 else {
            abort()
            throw OutputError(path: file.path, message: Self.text(message))
        }
        rowsWritten += count
    }

    /// Ends the image and renames it into place (calls `wa_png_writer_finish`).
    /// - Throws: `OutputError` when rows are missing or the file cannot be completed.
    func finish() throws(OutputError) {
        guard rowsWritten == height else {
            abort()
            throw OutputError(path: file.path, message: "only \(rowsWritten) of \(height) rows written")
        }
        var message = [CChar](repeating: 0, count: 256)
        let status = wa_png_writer_finish(handle, &message, message.count)
        handle = nil
        guard status == 0 else {
            file.discard()
            throw OutputError(path: file.path, message: Self.text(message))
        }
        try file.commit()
    }

    /// Abandons the image and removes the temporary file.
    func abort() {
        guard let handle else { return }
        wa_png_writer_abort(handle)
        self.handle = nil
        file.discard()
    }

    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
