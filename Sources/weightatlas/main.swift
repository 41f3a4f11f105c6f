#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlas

/// Parses the command line, runs the command, and reports a failure (`CommandFailure`).
func main(_ words: [String]) -> ExitCode {
    if let first = words.first, ["--version", "-V", "version"].contains(first) {
        Terminal.out("weightatlas \(WeightAtlasVersion.string)")
        return .done
    }
    guard let name = words.first, !["-h", "--help", "help"].contains(name) else {
        if words.isEmpty {
            Terminal.error(lines: Terminal.lines(Help.overview))
            return .usage
        }
        if words.count >= 2, let command = Help.commands.first(where: { $0.name == words[1] }) {
            Terminal.out(lines: Terminal.lines(Help.text(for: command)))
        } else {
            Terminal.out(lines: Terminal.lines(Help.overview))
        }
        return .done
    }
    guard let command = Help.commands.first(where: { $0.name == name }) else {
        let known = Help.commands.map(\.name) + ["help", "version"] + (name.hasPrefix("-") ? ["--help", "--version"] : [])
        Terminal.error(lines: [Suggestion.message("weightatlas: unknown command '\(name)'", for: name, in: known), ""]
                       + Terminal.lines(Help.overview))
        return .usage
    }
    let rest = Array(words.dropFirst())
    if rest.contains("-h") || rest.contains("--help") {
        Terminal.out(lines: Terminal.lines(Help.text(for: command)))
        return .done
    }
    do {
        switch name {
        case "render": return try RenderCommand.run(rest)
        case "inspect": return try InspectCommand.run(rest)
        case "zoo": return try ZooCommand.run(rest)
        case "diff": return try DiffCommand.run(rest)
        case "merge": return try MergeCommand.run(rest)
        default: return try DevicesCommand.run(rest)
        }
    } catch {
        let failure = CommandFailure(error, command: command)
        Terminal.error(lines: failure.lines)
        return failure.code
    }
}

SignalCleanup.install()
exit(main(Array(CommandLine.arguments.dropFirst())).rawValue)
