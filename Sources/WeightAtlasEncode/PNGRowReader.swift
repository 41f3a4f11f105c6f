import PNGBridge

/// Reads an 8-bit grey or RGB PNG row by row (libpng through PNGBridge), in bounded memory.
public final class PNGRowReader {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    private let path: String
    private var handle: OpaquePointer?

    /// Opens `path` (calls `wa_png_reader_open`).
    /// - Throws: `PNGDecodeError` when it is not a readable 8-bit grey or RGB PNG.
    public init(path: String) throws(PNGDecodeError) {
        self.path = path
        var message = [CChar](repeating: 0, count: 256)
        var w: UInt32 = 0, h: UInt32 = 0, c: Int32 = 0
        handle = wa_png_reader_open(path, &w, &h, &c, &message, message.count)
        guard handle != nil else { throw PNGDecodeError(path: path, message: LibPNGWriter.text(message)) }
        width = Int(w)
        height = Int(h)
        channels = Int(c)
    }

    deinit { if let handle { wa_png_reader_close(handle) } }

    /// Reads the next `count` rows into `rows` (packed, `width × channels` bytes each)
    /// (calls `wa_png_reader_read_rows`).
    /// - Throws: `PNGDecodeError` on a corrupt stream.
    public func read(_ count: Int, into rows: UnsafeMutableRawBufferPointer) throws(PNGDecodeError) {
        precondition(rows.count >= count * width * channels)
        var message = [CChar](repeating: 0, count: 256)
        let status = wa_png_reader_read_rows(handle, rows.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(count),
                                             width * channels, &message, message.count)
        guard status == 0 else { throw PNGDecodeError(path: path, message: LibPNGWriter.text(message)) }
    }
}
