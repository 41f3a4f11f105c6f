extension DevicesCommand {
    /// `devices`' command line, typed.
    struct Options {
        static let kernelsDirectory = Option<String?>("--kernels-dir", placeholder: "DIR",
                                                      help: "check the kernels from DIR build on each device", .text)
        /// The declarations, in the help's order.
        static let specs = [kernelsDirectory.spec]

        var kernelsDirectory: String?

        /// Parses `words` (the command line after `devices`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            guard arguments.positional.isEmpty else { throw UsageError(message: "devices takes no FILE") }
            kernelsDirectory = try arguments.value(Self.kernelsDirectory)
        }
    }
}
