import WeightAtlas

/// `--backend`, `--device` and `--kernels-dir`: which backend does the per-value work.
enum BackendOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "--backend", placeholder: "auto|cpu|opencl",
                   help: "auto (default): a working OpenCL GPU, else the CPU; opencl: demand OpenCL (exit 5 if unusable)"),
        OptionSpec(name: "--device", placeholder: "N", help: "OpenCL device index from `weightatlas devices`"),
        OptionSpec(name: "--kernels-dir", placeholder: "DIR", help: "load reduce.cl, rescale.cl, tile.cl from DIR instead of the built-in copies"),
    ]

    /// The backend the arguments ask for, and the CPU fallback when `auto` picked OpenCL.
    /// - Throws: `UsageError` for bad values, `AtlasError.backend` when demanded OpenCL fails (exit 5).
    static func make(_ arguments: Arguments) throws -> (backend: any RenderBackend, fallback: (any RenderBackend)?) {
        let choice = try arguments.choice("--backend", BackendChoice.self) ?? .auto
        let device = try arguments.integer("--device", in: 0...1000)
        if choice == .cpu && device != nil { throw UsageError(message: "--device needs --backend opencl or auto") }
        do {
            switch try BackendSelection.select(choice, deviceIndex: device, kernelsDirectory: arguments.value("--kernels-dir")) {
            case .openCL(let backend):
                return (backend, choice == .auto ? CPUBackend() : nil)
            case .cpu(let backend, let reason):
                if let reason, device != nil || arguments.value("--kernels-dir") != nil {
                    Terminal.error("weightatlas: warning: \(reason)")
                }
                return (backend, nil)
            }
        } catch {
            throw AtlasError.backend(error)
        }
    }
}

/// What `render` and `inspect` share: one FILE opened, its render options parsed, and a run
/// configured with a backend, warnings and progress.
struct RunSetup {
    let arguments: Arguments
    let path: String
    let file: any WeightFile
    let options: RenderOptions
    var run: AtlasRun

    /// Parses `words` for `command`: `check` validates the command's own options before
    /// anything is opened (usage errors come first); `quiet` silences the progress line.
    init(_ words: [String], specs: [OptionSpec], command: String, check: (Arguments) throws -> Void = { _ in },
         quiet: (Arguments) -> Bool) throws {
        arguments = try Arguments(words, specs: specs)
        guard arguments.positional.count == 1 else {
            throw UsageError(message: "\(command) takes one FILE (got \(arguments.positional.count))")
        }
        try check(arguments)
        let (options, selection) = try RenderOptionsParsing.parse(arguments)
        path = arguments.positional[0]
        file = try WeightFiles.open(path)
        self.options = options
        let (backend, fallback) = try BackendOptions.make(arguments)
        run = AtlasRun(options: options, backend: backend)
        run.fallback = fallback
        run.selection = selection
        run.warn = { Terminal.error("weightatlas: warning: \($0)") }
        // Tensors a reader lists but cannot convert (GGUF's IQ*/TQ* types, ONNX's complex and
        // 4-bit ones) are named, not "missing"; a pattern that matches nothing is a typo.
        let unsupported = file.skipped
        for pattern in selection.unmatched(in: file.tensors.map(\.name)) {
            let skipped = unsupported.filter { TensorSelection([pattern]).contains($0.name) }
            guard !skipped.isEmpty else {
                throw UsageError(message: "--tensor '\(pattern)' matches no tensor of \(path)"
                                 + Self.suggestion(pattern, among: file.tensors.map(\.name)))
            }
            run.warn("--tensor '\(pattern)' matches only tensors of unsupported types: "
                     + skipped.map { "\($0.name) (\($0.type))" }.joined(separator: ", "))
        }
        do throws(InputShapeMismatch) {
            try LayoutPlanner(options: options).checkInputShapes(run.tensors(of: file))
        } catch { throw UsageError(message: error.description) }
        run.progress = ProgressLine(quiet: quiet(arguments)).update
    }

    /// " (did you mean 'conv1.*'?)" when a tensor name contains the pattern's literal text,
    /// else ""; the hint is the pattern with a `*` on each side.
    static func suggestion(_ pattern: String, among names: [String]) -> String {
        let literal = pattern.filter { !"*?[]".contains($0) }
        guard !literal.isEmpty, names.contains(where: { $0.contains(literal) }), pattern != "*\(literal)*" else { return "" }
        return " (did you mean '*\(literal)*'?)"
    }
}
