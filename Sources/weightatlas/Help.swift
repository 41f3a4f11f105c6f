/// The help texts: `weightatlas --help` and `weightatlas COMMAND --help`.
enum Help {
    struct Command {
        var name: String
        var summary: String
        var usage: String
        var specs: [OptionSpec]
        var examples: [String]
    }

    static let commands = [
        Command(name: "render", summary: RenderCommand.summary, usage: RenderCommand.usage,
                specs: RenderCommand.Options.specs, examples: RenderCommand.examples),
        Command(name: "inspect", summary: InspectCommand.summary, usage: InspectCommand.usage,
                specs: InspectCommand.Options.specs, examples: InspectCommand.examples),
        Command(name: "zoo", summary: ZooCommand.summary, usage: ZooCommand.usage,
                specs: ZooCommand.Options.specs, examples: ZooCommand.examples),
        Command(name: "diff", summary: DiffCommand.summary, usage: DiffCommand.usage,
                specs: DiffCommand.Options.specs, examples: DiffCommand.examples),
        Command(name: "merge", summary: MergeCommand.summary, usage: MergeCommand.usage,
                specs: MergeCommand.Options.specs, examples: MergeCommand.examples),
        Command(name: "devices", summary: DevicesCommand.summary, usage: DevicesCommand.usage,
                specs: DevicesCommand.Options.specs, examples: DevicesCommand.examples),
    ]

    static let overview = """
        weightatlas — render neural-network weights into images

        usage: weightatlas COMMAND [options]
               weightatlas --version

        commands:
        \(commands.map { "  " + $0.name.padding(toLength: 9, withPad: " ", startingAt: 0) + $0.summary }.joined(separator: "\n"))

        Formats (detected by their first bytes, never run): safetensors, NumPy .npy/.npz, ONNX,
        GGUF (quantised types dequantised), PyTorch (zip, TorchScript, legacy), sharded
        checkpoints (a folder of shards or its *.index.json), Keras (.keras, .h5), TFLite.
        Exit codes: 0 done, 1 zoo checks failed, 2 usage, 3 unreadable or malformed input,
        4 cannot write output, 5 OpenCL demanded (--backend opencl) but failed.

        examples:
          weightatlas render model.safetensors -o atlas/
          weightatlas render W.npy --input-shape 3x32x32 -o atlas/
          weightatlas inspect model.safetensors --json
          weightatlas zoo checkpoints/ -o atlas/ --junit junit.xml

        Run `weightatlas COMMAND --help` for a command's options.
        """

    static func text(for command: Command) -> String {
        let width = command.specs.map { optionLabel($0).count }.max() ?? 0
        let options = command.specs.map { spec in
            "  " + optionLabel(spec).padding(toLength: width + 2, withPad: " ", startingAt: 0) + spec.help
        }
        return (["usage: \(command.usage)", "", command.summary, "", "options:"] + options
                + ["  -h, --help".padding(toLength: width + 4, withPad: " ", startingAt: 0) + "show this help", "", "examples:"]
                + command.examples.map { "  " + $0 }).joined(separator: "\n")
    }

    static func optionLabel(_ spec: OptionSpec) -> String {
        (spec.short.map { "\($0), " } ?? "") + spec.name + (spec.takesValue ? " \(spec.placeholder)" : "")
    }
}
