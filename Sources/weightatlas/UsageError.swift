/// A command line that does not follow the usage (exit 2).
struct UsageError: Error, CustomStringConvertible, Equatable {
    var message: String
    var description: String { message }

    /// "`option` must be `expected`, not '`text`'": the message for a value that is not of the option's type.
    static func invalid(_ option: String, mustBe expected: String, not text: String) -> UsageError {
        UsageError(message: "\(option) must be \(expected), not '\(text)'")
    }
}
