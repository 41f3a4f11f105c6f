import WeightAtlas

extension MergeCommand {
    /// `merge`'s command line, typed.
    struct Options {
        static let move = Option<Bool>.flag("--move", help: "move the model folders instead of copying them")
        static let allowPartial = Option<Bool>.flag(
            "--allow-partial", help: "merge even when shards are missing; zoo.json, JUnit and summary say partial (exit 1)")
        static let quiet = OutputOptions.quiet("no verdict line")
        /// The declarations, in the help's order.
        static let specs = [OutputOptions.output.spec, move.spec, allowPartial.spec] + ReportOptions.specs + [quiet.spec]

        /// The zoo outputs to join.
        var inputs: [String]
        var output: String
        var move: Bool
        var allowPartial: Bool
        var reports: ReportOptions
        var quiet: Bool

        /// Parses `words` (the command line after `merge`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            output = try OutputOptions.folder(arguments, for: "merge")
            guard !arguments.positional.isEmpty else { throw UsageError(message: "merge needs the zoo outputs to join") }
            inputs = arguments.positional
            move = try arguments.value(Self.move)
            allowPartial = try arguments.value(Self.allowPartial)
            reports = try ReportOptions(arguments)
            quiet = try arguments.value(Self.quiet)
        }
    }
}
