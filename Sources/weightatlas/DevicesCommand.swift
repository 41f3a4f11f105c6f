import WeightAtlas

/// `weightatlas devices`: OpenCL platforms and devices, and which one `auto` picks.
enum DevicesCommand {
    static let summary = "list OpenCL platforms and devices, and which one --backend auto picks"
    static let specs = [OptionSpec(name: "--kernels-dir", placeholder: "DIR", help: "check the kernels from DIR build on each device")]
    static let usage = "weightatlas devices"
    static let examples = ["weightatlas devices"]

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, specs: specs)
        guard arguments.positional.isEmpty else { throw UsageError(message: "devices takes no FILE") }
        Terminal.out(lines: Terminal.lines(OpenCLDeviceListing.current(kernelsDirectory: arguments.value("--kernels-dir")).description))
        return .done
    }
}
