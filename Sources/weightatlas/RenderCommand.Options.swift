import WeightAtlas

extension RenderCommand {
    /// `render`'s command line, typed.
    struct Options {
        static let mosaic = Option<String?>("--mosaic", placeholder: "FILE.png",
                                            help: "also write every image into one PNG, layers in model order", .text)
        static let quiet = OutputOptions.quiet("no progress or summary")
        /// The declarations, in the help's order.
        static let specs = [OutputOptions.output.spec, OutputOptions.compression.spec, mosaic.spec, quiet.spec]
            + ImageOptions.specs + BackendOptions.specs

        var file: String
        var output: String
        var compression: PNGCompression
        var mosaic: String?
        var quiet: Bool
        var image: ImageOptions
        var backend: BackendOptions

        /// Parses `words` (the command line after `render`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            file = try arguments.positional(1, "one FILE", for: "render")[0]
            output = try OutputOptions.folder(arguments, for: "render")
            compression = try arguments.value(OutputOptions.compression)
            image = try ImageOptions(arguments)
            backend = try BackendOptions(arguments)
            mosaic = try arguments.value(Self.mosaic)
            quiet = try arguments.value(Self.quiet)
        }
    }
}
