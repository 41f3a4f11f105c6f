import WeightAtlas

/// What the commands that render share: an `AtlasRun` configured from their options (the
/// backend and its CPU fallback, the tensor selection, compression, warnings on stderr and a
/// progress line), and for `render` and `inspect` their one FILE opened and checked.
enum RunSetup {
    /// A run drawing `image` on the backend `backend` selects, writing PNGs with `compression`;
    /// with `progress`, a progress line on a terminal.
    /// - Throws: `AtlasError.backend` when demanded OpenCL fails.
    static func atlasRun(_ image: ImageOptions, backend: BackendOptions, compression: PNGCompression = .default,
                         progress: Bool) throws(AtlasError) -> AtlasRun {
        let (backend, fallback) = try backend.select()
        var run = AtlasRun(options: image.render, backend: backend)
        run.fallback = fallback
        run.selection = image.selection
        run.compression = compression
        run.warn = { Terminal.warning($0) }
        run.progress = ProgressLine(quiet: !progress).update
        return run
    }

    /// The file at `path`, opened, and a run for it (`atlasRun`), once the options are checked
    /// against its tensors: a `--tensor` pattern must match one (a pattern matching only
    /// tensors of types the reader cannot convert is a warning) and each `--input-shape` must fit.
    /// - Throws: `FormatError` and other reading errors, `AtlasError.backend`, `UsageError`.
    static func open(_ path: String, image: ImageOptions, backend: BackendOptions, compression: PNGCompression = .default,
                     progress: Bool) throws -> (file: any WeightFile, run: AtlasRun) {
        let file = try WeightFiles.open(path)
        let run = try atlasRun(image, backend: backend, compression: compression, progress: progress)
        // Tensors a reader lists but cannot convert (GGUF's IQ*/TQ* types, ONNX's complex and
        // 4-bit ones) are named, not "missing"; a pattern that matches nothing is a typo.
        let unsupported = file.skipped
        for pattern in image.selection.unmatched(in: file.tensors.map(\.name)) {
            let skipped = unsupported.filter { TensorSelection([pattern]).contains($0.name) }
            guard !skipped.isEmpty else {
                throw UsageError(message: "--tensor '\(pattern)' matches no tensor of \(path)"
                                 + suggestion(pattern, among: file.tensors.map(\.name)))
            }
            run.warn("--tensor '\(pattern)' matches only tensors of unsupported types: "
                     + skipped.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
        }
        do throws(InputShapeMismatch) {
            try LayoutPlanner(options: image.render).checkInputShapes(run.tensors(of: file))
        } catch { throw UsageError(message: error.description) }
        return (file, run)
    }

    /// " (did you mean 'conv1.*'?)" when a tensor name contains the pattern's literal text,
    /// else ""; the hint is the pattern with a `*` on each side.
    static func suggestion(_ pattern: String, among names: [String]) -> String {
        let literal = pattern.filter { !"*?[]".contains($0) }
        guard !literal.isEmpty, names.contains(where: { $0.contains(literal) }), pattern != "*\(literal)*" else { return "" }
        return " (did you mean '*\(literal)*'?)"
    }
}
