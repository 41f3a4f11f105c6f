import WeightAtlas

/// `weightatlas diff A B -o OUT`: difference atlases of B − A, filter-aligned with A, and
/// diff.json with per-filter statistics of the change.
enum DiffCommand {
    static let summary = "render B - A of two checkpoints of one architecture into OUT, with per-filter change statistics"
    static let specs = [
        OutputOptions.output,
        OutputOptions.compression,
        OutputOptions.quiet("no progress or summary"),
    ] + RenderOptionsParsing.specs + BackendOptions.specs
    static let usage = "weightatlas diff A B -o OUT [options]   (defaults: --normalize symmetric --scope layer)"
    static let examples = [
        "weightatlas diff step-1000.safetensors step-2000.safetensors -o diff/",
        "weightatlas diff base.safetensors finetuned.safetensors --tensor 'conv1.*' --scope filter -o diff/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, specs: specs)
        guard arguments.positional.count == 2 else {
            throw UsageError(message: "diff takes two files A and B (got \(arguments.positional.count))")
        }
        guard let output = arguments.value("--output") else { throw UsageError(message: "diff needs -o DIR") }
        var (options, selection) = try RenderOptionsParsing.parse(arguments)
        if arguments.value("--normalize") == nil { options.normalization = .symmetric }
        if arguments.value("--scope") == nil { options.scope = .layer }
        let compression = try OutputOptions.compression(arguments)
        let (pathA, pathB) = (arguments.positional[0], arguments.positional[1])
        let a = try WeightFiles.open(pathA), b = try WeightFiles.open(pathB)
        let (backend, fallback) = try BackendOptions.make(arguments)
        var atlas = AtlasRun(options: options, backend: backend)
        atlas.fallback = fallback
        atlas.selection = selection
        atlas.compression = compression
        atlas.warn = { Terminal.error("weightatlas: warning: \($0)") }
        atlas.progress = ProgressLine(quiet: arguments.flag("--quiet")).update
        var diff = CheckpointDiff(atlas: atlas)
        let (difference, _) = try diff.run(a, b, nameA: pathA, nameB: pathB, to: output)
        for item in difference.mismatched {
            Terminal.error("weightatlas: warning: '\(item.name)' has shape \(shape(item.a)) in A and \(shape(item.b)) in B: not compared")
        }
        if !arguments.flag("--quiet") {
            let compared = difference.tensors.filter { selection.contains($0.name) }.count
            Terminal.out("\(compared) tensors compared, \(difference.mismatched.count) with different shapes, "
                         + "\(difference.onlyInA.count) only in A, \(difference.onlyInB.count) only in B -> \(output)/diff.json")
        }
        return .done
    }

    static func shape(_ dims: [Int]) -> String { dims.map(String.init).joined(separator: "x") }
}
