import PNGBridge

/// How hard the PNG encoder compresses.
public enum PNGCompression: String, Sendable, CaseIterable {
    /// zlib level 0: stored, fastest, biggest.
    case none
    /// zlib level 1 with the Up filter: the default for weight mosaics.
    case fast
    /// zlib level 6 with libpng's adaptive filters.
    case `default`
    /// zlib level 9 with libpng's adaptive filters.
    case best

    var level: Int32 {
        switch self {
        case .none: 0
        case .fast: 1
        case .default: 6
        case .best: 9
        }
    }

    /// PNG_FILTER_* masks (0 lets libpng choose).
    var filters: Int32 {
        switch self {
        case .none: 0x08        // PNG_FILTER_NONE
        case .fast: 0x20        // PNG_FILTER_UP
        case .default, .best: 0
        }
    }
}

/// Streams an 8-bit grey or RGB PNG to disk band by band (libpng through PNGBridge),
/// under a temporary name that `finish()` renames into place.
public final class PNGWriter {
    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    private let file: AtomicFile
    /// The path the finished image gets.
    public var path: String { file.path }
    private var handle: OpaquePointer?
    private var rowsWritten = 0

    /// Starts `path` (calls `wa_png_writer_open` on a temporary name).
    /// - Throws: `OutputError` when the file cannot be created or the size is beyond PNG's limits.
    public init(path: String, width: Int, height: Int, channels: Int, compression: PNGCompression = .fast) throws(OutputError) {
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw OutputError(path: path, message: "\(width)×\(height) is beyond PNG's limits")
        }
        self.width = width
        self.height = height
        self.channels = channels
        file = AtomicFile(path: path)
        var message = [CChar](repeating: 0, count: 256)
        handle = wa_png_writer_open(file.temporaryPath, UInt32(width), UInt32(height), Int32(channels),
                                    compression.level, compression.filters, &message, message.count)
        guard handle != nil else {
            file.discard()
            throw OutputError(path: path, message: Self.text(message))
        }
    }

    deinit { abort() }

    /// Bytes per row.
    public var rowBytes: Int { width * channels }

    /// Appends `bytes.count / rowBytes` rows (calls `wa_png_writer_write_rows`).
    /// - Throws: `OutputError` on a write failure (the temporary file is removed).
    public func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError) {
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
    public func finish() throws(OutputError) {
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
    public func abort() {
        guard let handle else { return }
        wa_png_writer_abort(handle)
        self.handle = nil
        file.discard()
    }

    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
