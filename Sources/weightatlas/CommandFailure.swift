import WeightAtlas

/// What a failed command prints and exits with: the one mapping from an error to its exit
/// code (DESIGN.md) and its message lines (each escaped by `Terminal.error`).
struct CommandFailure {
    /// The exit code.
    let code: ExitCode
    /// The message, one line per entry.
    let lines: [String]

    /// The failure of `command` that threw `error`. Usage mistakes (a bad option, a zoo's
    /// shard or check arguments) name the command and end with its usage line; a device
    /// build failure shows the build log line by line; an error of no known kind is a bad
    /// input (3), as the readers' own errors are.
    init(_ error: any Error, command: Help.Command) {
        let usage = "usage: \(command.usage)  (see weightatlas \(command.name) --help)"
        switch error {
        case let error as UsageError:
            (code, lines) = (.usage, ["weightatlas \(command.name): \(error.message)", usage])
        case let error as ZooError:
            switch error {
            case .shard, .checks: (code, lines) = (.usage, ["weightatlas \(command.name): \(error)", usage])
            case .output: (code, lines) = (.cannotWrite, ["weightatlas: \(error)"])
            case .input, .document, .shards: (code, lines) = (.badInput, ["weightatlas: \(error)"])
            }
        case let error as OutputError:
            (code, lines) = (.cannotWrite, ["weightatlas: \(error)"])
        case AtlasError.backend(let failure) where failure.buildLog != nil:
            (code, lines) = (.openCLFailed, ["weightatlas: \(failure.backend): \(failure.message)", "build log:"]
                                + Terminal.lines(failure.buildLog ?? ""))
        case let error as AtlasError:
            (code, lines) = (ExitCode(error), ["weightatlas: \(error)"])
        default:
            (code, lines) = (.badInput, ["weightatlas: \(error)"])
        }
    }
}
