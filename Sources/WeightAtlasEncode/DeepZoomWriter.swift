import Foundation

/// Writes a Deep Zoom (DZI) pyramid of an 8-bit grey or RGB image streamed as bands of rows:
/// `NAME.dzi` (TileSize 256, Overlap 1, Format png) and `NAME_files/<level>/<col>_<row>.png`
/// for every level of `DeepZoomGeometry` (nearest-neighbour, so one weight stays exact).
///
/// Every level is sampled straight from the full-resolution rows as they arrive, and each
/// keeps only its current tile row (≤ 258 rows of its width): memory is about 2 × 258 rows
/// of the image, whatever its height. A completed tile row is cut into tiles that are
/// encoded independently by the process's `EncoderPool` (igzip; at most 4 × `workers` in
/// flight; the calling thread encodes queued tiles while it waits). The tiles go
/// to a temporary folder renamed to `NAME_files` by `finish()`, then `NAME.dzi` is written.
public final class DeepZoomWriter {
    /// The pyramid's shape.
    public let geometry: DeepZoomGeometry
    /// 1 (grey) or 3 (RGB).
    public let channels: Int
    /// Bytes per full-resolution row.
    public var rowBytes: Int { geometry.width * channels }

    private let descriptorPath: String
    private let filesPath: String
    private let temporaryPath: String
    private let levels: [DeepZoomLevel]
    private let pool = EncoderPool.shared
    /// The tiles in flight.
    private let pending = DispatchGroup()
    private let level: Int
    private let filter: PNGRowFilter
    private let slots: DispatchSemaphore
    private let failure = FirstFailure()
    private var rowsTaken = 0
    private var open = true

    /// Starts the pyramid `path` (which must end in `.dzi`). Tiles use `compression`'s igzip
    /// level and filter (`best`: igzip 3 with adaptive filters).
    /// - Throws: `OutputError` when the temporary folder cannot be created.
    public init(path: String, width: Int, height: Int, channels: Int, compression: PNGCompression = .default,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) throws(OutputError) {
        precondition(channels == 1 || channels == 3, "grey or RGB")
        precondition(path.hasSuffix(".dzi"), "a Deep Zoom descriptor ends in .dzi")
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw OutputError(path: path, message: "\(width)×\(height) is not a pyramid size")
        }
        geometry = DeepZoomGeometry(width: width, height: height)
        self.channels = channels
        descriptorPath = path
        let files = String(path.dropLast(4)) + "_files"
        let slash = files.lastIndex(of: "/").map { files.index(after: $0) } ?? files.startIndex
        filesPath = files
        temporaryPath = String(files[..<slash]) + "." + String(files[slash...]) + ".tmp-\(getpid())"
        level = compression.parallelLevel ?? 3
        filter = compression.filter(channels: channels)
        slots = DispatchSemaphore(value: 4 * max(1, workers))
        let shape = geometry, temporary = temporaryPath
        levels = (0..<shape.levelCount).map { DeepZoomLevel(index: $0, geometry: shape, channels: channels) }
        TemporaryOutputs.register(temporary)
        do {
            for index in 0..<shape.levelCount {
                try FileManager.default.createDirectory(atPath: temporary + "/\(index)", withIntermediateDirectories: true)
            }
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            TemporaryOutputs.unregister(temporary)
            throw OutputError(path: files, message: Self.reason(error))
        }
    }

    deinit { abort() }

    /// Appends `bytes.count / rowBytes` full-resolution rows; completed tile rows of every
    /// level are handed to the workers.
    /// - Throws: `OutputError` when a tile could not be written (the pyramid is abandoned).
    public func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError) {
        guard open else { throw OutputError(path: descriptorPath, message: "writer already finished or aborted") }
        let count = bytes.count / rowBytes
        precondition(rowsTaken + count <= geometry.height, "more rows than the image has")
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        for r in 0..<count {
            for level in levels {
                level.take(sourceRow: rowsTaken, base + r * rowBytes)
                while level.isComplete {
                    cut(level)
                    level.advance()
                }
            }
            rowsTaken += 1
        }
        if let error = failure.error {
            abort()
            throw error
        }
    }

    /// Waits for the last tiles, renames the tile folder into place and writes `NAME.dzi`.
    /// - Throws: `OutputError` when rows are missing or a tile, the folder or the descriptor
    ///   cannot be written (nothing is left behind then).
    public func finish() throws(OutputError) {
        guard open else { throw OutputError(path: descriptorPath, message: "writer already finished or aborted") }
        guard rowsTaken == geometry.height else {
            abort()
            throw OutputError(path: descriptorPath, message: "only \(rowsTaken) of \(geometry.height) rows written")
        }
        pool.help(until: pending)
        if let error = failure.error {
            abort()
            throw error
        }
        open = false
        do throws(OutputError) {
            try replace(filesPath, with: temporaryPath)
            try AtomicFile.write(Array(geometry.descriptor.utf8), to: descriptorPath)
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            TemporaryOutputs.unregister(temporaryPath)
            throw error
        }
    }

    /// Abandons the pyramid: waits for tiles in flight and removes the temporary folder.
    public func abort() {
        guard open else { return }
        open = false
        pool.help(until: pending)
        try? FileManager.default.removeItem(atPath: temporaryPath)
        TemporaryOutputs.unregister(temporaryPath)
    }

    /// Hands every tile of `level`'s completed tile row to a worker.
    private func cut(_ level: DeepZoomLevel) {
        let columns = geometry.tiles(of: level.index).columns
        let directory = temporaryPath + "/\(level.index)/"
        for column in 0..<columns {
            let (strip, width) = level.tile(column: column, filter: filter)
            let path = directory + "\(column)_\(level.tileRow).png"
            let channels = channels, igzip = self.level, slots = slots, pending = pending
            pool.help(until: slots)
            pending.enter()
            pool.submit(level: igzip) { [failure] deflater in
                defer {
                    slots.signal()
                    pending.leave()
                }
                guard failure.error == nil else { return }
                do throws(OutputError) {
                    try PNGTileFile.write(strip, width: width, channels: channels, level: igzip, deflater: deflater, to: path)
                } catch {
                    failure.record(error)
                }
            }
        }
    }

    /// Renames `temporary` to `path`, replacing an older folder there (calls `rename`).
    private func replace(_ path: String, with temporary: String) throws(OutputError) {
        let old = temporary + "-old"
        TemporaryOutputs.register(old)
        defer { TemporaryOutputs.unregister(old) }
        let hadOld = rename(path, old) == 0
        guard TemporaryOutputs.commit(temporary, to: path) == 0 else {
            let why = errno
            if hadOld { rename(old, path) }
            throw OutputError(path: path, errno: why)
        }
        if hadOld { try? FileManager.default.removeItem(atPath: old) }
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSUnderlyingErrorKey].map { "\($0)" } ?? error.localizedDescription
    }
}
