import WeightAtlas

extension DiffCommand {
    /// `diff`'s command line, typed.
    struct Options {
        static let quiet = OutputOptions.quiet("no progress or summary")
        /// The declarations, in the help's order.
        static let specs = [OutputOptions.output.spec, OutputOptions.compression.spec, quiet.spec]
            + ImageOptions.specs + BackendOptions.specs

        var a: String
        var b: String
        var output: String
        var compression: PNGCompression
        var quiet: Bool
        /// The image options, with diff's defaults: `--normalize symmetric --scope layer`.
        var image: ImageOptions
        var backend: BackendOptions

        /// Parses `words` (the command line after `diff`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            let files = try arguments.positional(2, "two files A and B", for: "diff")
            (a, b) = (files[0], files[1])
            output = try OutputOptions.folder(arguments, for: "diff")
            image = try ImageOptions(arguments, normalization: .symmetric, scope: .layer)
            compression = try arguments.value(OutputOptions.compression)
            backend = try BackendOptions(arguments)
            quiet = try arguments.value(Self.quiet)
        }
    }
}
