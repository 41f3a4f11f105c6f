import WeightAtlas

/// `weightatlas diff A B -o OUT`: difference atlases of B − A, filter-aligned with A, and
/// diff.json with per-filter statistics of the change.
enum DiffCommand {
    static let summary = "render B - A of two checkpoints of one architecture into OUT, with per-filter change statistics"
    static let usage = "weightatlas diff A B -o OUT [options]   (defaults: --normalize symmetric --scope layer)"
    static let examples = [
        "weightatlas diff step-1000.safetensors step-2000.safetensors -o diff/",
        "weightatlas diff base.safetensors finetuned.safetensors --tensor 'conv1.*' --scope filter -o diff/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        let a = try WeightFiles.open(options.a), b = try WeightFiles.open(options.b)
        let atlas = try RunSetup.atlasRun(options.image, backend: options.backend, compression: options.compression,
                                          progress: !options.quiet)
        var diff = CheckpointDiff(atlas: atlas)
        let (difference, _) = try diff.run(a, b, nameA: options.a, nameB: options.b, to: options.output)
        for item in difference.mismatched {
            Terminal.warning("'\(item.name)' has shape \(shape(item.a)) in A and \(shape(item.b)) in B: not compared")
        }
        if !options.quiet {
            let compared = difference.tensors.filter { options.image.selection.contains($0.name) }.count
            Terminal.out("\(compared) tensors compared, \(difference.mismatched.count) with different shapes, "
                         + "\(difference.onlyInA.count) only in A, \(difference.onlyInB.count) only in B -> \(options.output)/diff.json")
        }
        return .done
    }

    static func shape(_ dims: [Int]) -> String { dims.map(String.init).joined(separator: "x") }
}
