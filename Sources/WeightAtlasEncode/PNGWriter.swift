import Foundation

/// Streams an 8-bit grey or RGB PNG to disk band by band under a temporary name that
/// `finish()` renames into place; the preset picks the engine: `ParallelPNGWriter` (igzip on
/// `workers` cores) for `none`, `fast` and `default`, libpng for `best`.
public final class PNGWriter {
    private enum Engine {
        case parallel(ParallelPNGWriter)
        case libpng(LibPNGWriter)
    }

    /// Image width in pixels.
    public let width: Int
    /// Image height in pixels.
    public let height: Int
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// The path the finished image gets.
    public let path: String
    /// The preset.
    public let compression: PNGCompression
    private let engine: Engine

    /// Starts `path` with `compression` (`workers` compression threads, ignored by `best`).
    /// - Throws: `OutputError` when the file cannot be created or the size is beyond PNG's limits.
    public init(path: String, width: Int, height: Int, channels: Int, compression: PNGCompression = .default,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws(OutputError) {
        self.path = path
        self.width = width
        self.height = height
        self.channels = channels
        self.compression = compression
        if let level = compression.parallelLevel {
            engine = .parallel(try ParallelPNGWriter(path: path, width: width, height: height, channels: channels,
                                                     level: level, filter: compression.filter(channels: channels), workers: workers))
        } else {
            engine = .libpng(try LibPNGWriter(path: path, width: width, height: height, channels: channels,
                                              level: compression.zlibLevel, filters: compression.libpngFilters))
        }
    }

    /// Bytes per row.
    public var rowBytes: Int { width * channels }

    /// Appends `bytes.count / rowBytes` rows.
    /// - Throws: `OutputError` on a write failure (the temporary file is removed).
    public func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError) {
        switch engine {
        case .parallel(let writer): try writer.write(rows: bytes)
        case .libpng(let writer): try writer.write(rows: bytes)
        }
    }

    /// Ends the image and renames it into place.
    /// - Throws: `OutputError` when rows are missing or the file cannot be completed.
    public func finish() throws(OutputError) {
        switch engine {
        case .parallel(let writer): try writer.finish()
        case .libpng(let writer): try writer.finish()
        }
    }

    /// Abandons the image and removes the temporary file.
    public func abort() {
        switch engine {
        case .parallel(let writer): writer.abort()
        case .libpng(let writer): writer.abort()
        }
    }
}
