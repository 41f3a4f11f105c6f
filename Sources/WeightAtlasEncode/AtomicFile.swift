#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a temporary name beside its destination and renamed into place
/// only when complete, so a reader never sees half a file.
public struct AtomicFile: Sendable {
    /// Where the finished file goes.
    public let path: String
    /// Where it is written meanwhile (same folder, so the rename is atomic).
    public let temporaryPath: String

    /// Reserves a temporary name for `path` and registers it with `TemporaryOutputs`, so a
    /// signal removes it until `commit` or `discard`.
    public init(path: String) {
        self.path = path
        let slash = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        temporaryPath = String(path[..<slash]) + "." + String(path[slash...]) + ".tmp-\(getpid())"
        TemporaryOutputs.register(temporaryPath)
    }

    /// Renames the temporary file to `path` (calls `rename`).
    /// - Throws: `OutputError` when the rename fails.
    public func commit() throws(OutputError) {
        guard TemporaryOutputs.commit(temporaryPath, to: path) == 0 else {
            let why = errno
            discard()
            throw OutputError(path: path, errno: why)
        }
    }

    /// Removes the temporary file (calls `unlink`).
    public func discard() {
        unlink(temporaryPath)
        TemporaryOutputs.unregister(temporaryPath)
    }

    /// Writes to `path` atomically whatever `body` passes to the `write` function it is given,
    /// in as many pieces as it likes (calls `fopen`, `fwrite`, `fclose`).
    /// - Throws: `OutputError` when the file cannot be written.
    public static func stream(to path: String, _ body: (@escaping (UnsafeRawBufferPointer) -> Void) -> Void) throws(OutputError) {
        let file = AtomicFile(path: path)
        guard let handle = fopen(file.temporaryPath, "wb") else {
            throw OutputError(path: path, errno: errno)
        }
        final class Status { var failed = false }
        let status = Status()
        body { bytes in
            if !status.failed && !bytes.isEmpty { status.failed = fwrite(bytes.baseAddress, 1, bytes.count, handle) != bytes.count }
        }
        let failed = fflush(handle) != 0 || status.failed
        let why = errno
        if fclose(handle) != 0 || failed {
            file.discard()
            throw OutputError(path: path, errno: why)
        }
        try file.commit()
    }

    /// Writes `bytes` to `path` atomically.
    /// - Throws: `OutputError` when the file cannot be written.
    public static func write(_ bytes: [UInt8], to path: String) throws(OutputError) {
        let file = AtomicFile(path: path)
        guard let handle = fopen(file.temporaryPath, "wb") else {
            throw OutputError(path: path, errno: errno)
        }
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        let failed = written != bytes.count || fflush(handle) != 0
        let why = errno
        if fclose(handle) != 0 || failed {
            file.discard()
            throw OutputError(path: path, errno: why)
        }
        try file.commit()
    }
}
