import WeightAtlas

/// `weightatlas render FILE -o DIR`: every selected tensor to a PNG, plus manifest.json.
enum RenderCommand {
    static let summary = "render every >=2-D tensor of a weight file into DIR/<tensor>.png and DIR/manifest.json"
    static let specs = [
        OptionSpec(name: "--output", short: "-o", placeholder: "DIR", help: "output folder (created if missing)"),
        OptionSpec(name: "--compression", placeholder: "LEVEL", help: "PNG compression: none | fast (default) | default | best"),
        OptionSpec(name: "--quiet", short: "-q", takesValue: false, help: "no progress or summary"),
    ] + RenderOptionsParsing.specs + BackendOptions.specs
    static let usage = "weightatlas render FILE -o DIR [options]"
    static let examples = [
        "weightatlas render model.safetensors -o atlas/",
        "weightatlas render W.npy --input-shape 3x32x32 -o atlas/     # W 100x3072: each row a 32x32 RGB square",
        "weightatlas render model.safetensors --tensor 'conv1.*' --normalize symmetric -o atlas/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, specs: specs)
        guard arguments.positional.count == 1 else { throw UsageError(message: "render takes one FILE (got \(arguments.positional.count))") }
        guard let output = arguments.value("--output") else { throw UsageError(message: "render needs -o DIR") }
        let (options, selection) = try RenderOptionsParsing.parse(arguments)
        let compression = try arguments.choice("--compression", PNGCompression.self) ?? .fast
        let quiet = arguments.flag("--quiet")
        let path = arguments.positional[0]
        let file = try open(path)
        let chosen = try BackendOptions.make(arguments, warn: Terminal.error)
        guard let backend = chosen.backend else { throw AtlasError.backend(chosen.failure!) }
        var run = AtlasRun(options: options, backend: backend)
        run.fallback = chosen.fallback
        run.compression = compression
        run.selection = selection
        run.warn = { Terminal.error("weightatlas: warning: \($0)") }
        for pattern in selection.unmatched(in: file.tensors.map(\.name)) {
            run.warn("--tensor '\(pattern)' matches no tensor of \(path)")
        }
        let progress = ProgressLine(quiet: quiet)
        run.progress = progress.update
        let reports = try run.render(file, model: path, to: output)
        if !quiet {
            let images = reports.filter { $0.image != nil }.count
            Terminal.out("\(path): \(images) images, \(reports.count - images) stats-only tensors -> \(output)/manifest.json (\(run.backend.description))")
        }
        return .done
    }
}
