import WeightAtlas

/// `weightatlas merge OUT1 OUT2 ... -o OUT`: shard outputs joined into what one zoo run writes.
enum MergeCommand {
    static let summary = "join the outputs of zoo shards into one: zoo.json, model folders, index.html, reports"
    static let specs = [
        OptionSpec(name: "--output", short: "-o", placeholder: "DIR", help: "output folder (created if missing)"),
        OptionSpec(name: "--move", takesValue: false, help: "move the model folders instead of copying them"),
        OptionSpec(name: "--allow-partial", takesValue: false,
                   help: "merge even when shards are missing; zoo.json, JUnit and summary say partial (exit 1)"),
    ] + ReportOptions.specs + [
        OptionSpec(name: "--quiet", short: "-q", takesValue: false, help: "no verdict line"),
    ]
    static let usage = "weightatlas merge OUT1 OUT2 ... -o OUT [--allow-partial] [--junit FILE] [--summary FILE]"
    static let examples = [
        "weightatlas merge shard-0/ shard-1/ shard-2/ shard-3/ -o atlas/ --junit junit.xml --summary summary.md",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, specs: specs)
        guard let output = arguments.value("--output") else { throw UsageError(message: "merge needs -o DIR") }
        guard !arguments.positional.isEmpty else { throw UsageError(message: "merge needs the zoo outputs to join") }
        let document = try ZooMerge.merge(arguments.positional, to: output, move: arguments.flag("--move"),
                                          allowPartial: arguments.flag("--allow-partial"))
        if let partial = document.provenance?.partial { Terminal.error("weightatlas: warning: merge: \(partial)") }
        try ReportOptions.make(arguments, output: output).write(document, folders: document.folders)
        if !arguments.flag("--quiet") { Terminal.out(ReportOptions.verdict(document, output: output)) }
        return document.passed ? .done : .checksFailed
    }
}
