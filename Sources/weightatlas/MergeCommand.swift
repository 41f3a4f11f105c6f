import WeightAtlas

/// `weightatlas merge OUT1 OUT2 ... -o OUT`: shard outputs joined into what one zoo run writes.
enum MergeCommand {
    static let summary = "join the outputs of zoo shards into one: zoo.json, model folders, index.html, reports"
    static let usage = "weightatlas merge OUT1 OUT2 ... -o OUT [--allow-partial] [--junit FILE] [--summary FILE]"
    static let examples = [
        "weightatlas merge shard-0/ shard-1/ shard-2/ shard-3/ -o atlas/ --junit junit.xml --summary summary.md",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        let document = try ZooMerge.merge(options.inputs, to: options.output, move: options.move,
                                          allowPartial: options.allowPartial)
        if let partial = document.provenance?.partial { Terminal.error("weightatlas: warning: merge: \(partial)") }
        try options.reports.make(output: options.output).write(document, folders: document.folders)
        if !options.quiet { Terminal.out(ReportOptions.verdict(document, output: options.output)) }
        return document.passed ? .done : .checksFailed
    }
}
