/// Why an output file could not be written.
public struct OutputError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file being written.
    public var path: String
    /// What failed.
    public var message: String

    /// Creates an error.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `PATH: cannot write (WHY)`.
    public var description: String { "\(path): cannot write (\(message))" }
}
