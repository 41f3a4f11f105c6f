#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an output file could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file being written.
    public var path: String
    /// What failed.
    public var message: String
    /// The `errno` of the failing system call, when one failed.
    public var errno: Int32?

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The error of a system call on `path` that failed with `errno` (its `strerror` the message).
    public init(path: String, errno: Int32) {
        self.path = path
        message = String(cString: strerror(errno))
        self.errno = errno
    }

    /// `PATH: cannot write (WHY)`.
    public var description: String { "\(path): cannot write (\(message))" }
}
