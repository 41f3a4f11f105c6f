import WeightAtlas

extension InspectCommand {
    /// `inspect`'s command line, typed.
    struct Options {
        static let json = Option<Bool>.flag("--json", help: "print the manifest's tensor entries as JSON")
        static let quiet = OutputOptions.quiet("no progress")
        static let width = Option<Int?>(
            "--width", placeholder: "COLS",
            help: "fit the table to COLS columns, long names shortened in the middle (default: the terminal's width; full names when piped)",
            .integer(in: 20...100_000))
        /// The declarations, in the help's order.
        static let specs = [json.spec, quiet.spec, width.spec] + ImageOptions.specs + BackendOptions.specs

        var file: String
        var json: Bool
        var quiet: Bool
        /// The table's width; nil: the terminal's.
        var width: Int?
        var image: ImageOptions
        var backend: BackendOptions

        /// Parses `words` (the command line after `inspect`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            file = try arguments.positional(1, "one FILE", for: "inspect")[0]
            image = try ImageOptions(arguments)
            backend = try BackendOptions(arguments)
            width = try arguments.value(Self.width)
            json = try arguments.value(Self.json)
            quiet = try arguments.value(Self.quiet)
        }
    }
}
