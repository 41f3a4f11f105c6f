#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file open for writing that closes itself when released (C `FILE *`).
final class BinaryFile {
    /// The path errors name (the destination, not the temporary name).
    let reportedPath: String
    private var handle: UnsafeMutablePointer<FILE>?

    /// Creates or truncates `path` (calls `fopen`).
    /// - Throws: `OutputError` naming `reportedPath` when it cannot be opened.
    init(path: String, reportedPath: String) throws(OutputError) {
        self.reportedPath = reportedPath
        guard let handle = fopen(path, "wb") else {
            throw OutputError(path: reportedPath, errno: errno)
        }
        self.handle = handle
    }

    deinit { if let handle { fclose(handle) } }

    /// Appends `bytes` (calls `fwrite`).
    /// - Throws: `OutputError` on a short write.
    func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        guard !bytes.isEmpty else { return }
        guard let handle else { throw OutputError(path: reportedPath, message: "file already closed") }
        guard fwrite(bytes.baseAddress, 1, bytes.count, handle) == bytes.count else {
            throw OutputError(path: reportedPath, errno: errno)
        }
    }

    /// Appends `bytes` (calls `fwrite`).
    /// - Throws: `OutputError` on a short write.
    func write(_ bytes: [UInt8]) throws(OutputError) {
        let failure: OutputError? = bytes.withUnsafeBytes { raw in
            do throws(OutputError) { try write(raw) } catch { return error }
            return nil
        }
        if let failure { throw failure }
    }

    /// Flushes and closes the file (calls `fflush`, `fclose`).
    /// - Throws: `OutputError` when buffered bytes cannot be written.
    func close() throws(OutputError) {
        guard let handle else { return }
        self.handle = nil
        let flushed = fflush(handle) == 0
        let why = errno
        guard fclose(handle) == 0, flushed else { throw OutputError(path: reportedPath, errno: why) }
    }
}
