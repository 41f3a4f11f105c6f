import WeightAtlas

/// `weightatlas devices`: OpenCL platforms and devices, and which one `auto` picks.
enum DevicesCommand {
    static let summary = "list OpenCL platforms and devices, and which one --backend auto picks"
    static let usage = "weightatlas devices"
    static let examples = ["weightatlas devices"]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        Terminal.out(lines: Terminal.lines(OpenCLDeviceListing.current(kernelsDirectory: options.kernelsDirectory).description))
        return .done
    }
}
