import Foundation
import WeightAtlas

/// `weightatlas zoo PATH... -o OUT`: every model rendered and checked; zoo.json, index.html,
/// JUnit and Markdown reports; exit 1 when a check fails.
enum ZooCommand {
    static let summary = "render and health-check every model under folders into OUT/<model>/, OUT/zoo.json and OUT/index.html"
    static let specs = [
        OutputOptions.output.spec,
        OptionSpec(name: "--list", placeholder: "FILE", help: "also take the models listed in FILE, one path a line"),
        OptionSpec(name: "--checks", placeholder: "FILE", help: "checks configuration (JSON: checks, max_abs, dead_fraction, tolerance, ignore)"),
        OptionSpec(name: "--skip-check", repeatable: true, placeholder: "NAME", help: "do not run nan | inf | dead | exploded | drift (repeatable)"),
        OptionSpec(name: "--max-abs", placeholder: "X", help: "exploded: largest finite |x| that passes (default 10000)"),
        OptionSpec(name: "--dead-fraction", placeholder: "F", help: "dead: largest fraction of a layer's filters constant that passes (default 0.5)"),
        OptionSpec(name: "--strict", takesValue: false,
                   help: "every check on every tensor (integers, running statistics, scalars) and --dead-fraction 0 unless given"),
        OptionSpec(name: "--baseline", placeholder: "ZOO.json", help: "check drift against an earlier zoo.json: stats, shapes, tensors added/removed"),
        OptionSpec(name: "--tolerance", placeholder: "SD", help: "drift: largest change of mean/std/min/max in baseline std units (default 0.1)"),
        OptionSpec(name: "--ignore", repeatable: true, placeholder: "NAME", help: "tensors no check looks at (a glob; repeatable)"),
        OptionSpec(name: "--exclude", repeatable: true, placeholder: "GLOB",
                   help: "models not to take: a glob on the relative path or the file name (repeatable)"),
        OptionSpec(name: "--shard", placeholder: "i/n", help: "only shard i of n (0-based; by a hash of each model's path)"),
        OptionSpec(name: "--jobs", placeholder: "N", help: "render N models at once (a bounded pool; default 1)"),
        OptionSpec(name: "--shards", placeholder: "N", help: "N shards, this one JOB_COMPLETION_INDEX (Kubernetes indexed Job)"),
    ] + ReportOptions.specs + [
        OutputOptions.compression.spec,
        OutputOptions.quiet("no progress or verdict line").spec,
    ] + ImageOptions.specs + BackendOptions.specs
    static let usage = "weightatlas zoo PATH... -o OUT [--list FILE] [--checks FILE] [--baseline ZOO.json] [--shard i/n] [options]"
    static let examples = [
        "weightatlas zoo checkpoints/ -o atlas/ --junit junit.xml --summary summary.md",
        "weightatlas zoo checkpoints/ -o atlas/ --baseline last-release/zoo.json --tolerance 0.5",
        "weightatlas zoo checkpoints/ -o shard-1/ --shard 1/4      # then: weightatlas merge shard-*/ -o atlas/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let arguments = try Arguments(words, specs: specs)
        guard let output = arguments.value("--output") else { throw UsageError(message: "zoo needs -o DIR") }
        guard !arguments.positional.isEmpty || arguments.value("--list") != nil else {
            throw UsageError(message: "zoo needs a PATH (a folder of models) or --list FILE")
        }
        let config = try checkConfig(arguments)
        let shard = try shardRequest(arguments)
        let compression = try arguments.value(OutputOptions.compression)
        let image = try ImageOptions(arguments)
        let (options, selection) = (image.render, image.selection)
        let models = try ZooWalk.models(under: arguments.positional, listedIn: arguments.value("--list"),
                                        excluding: arguments.all("--exclude"),
                                        warn: { Terminal.error("weightatlas: warning: \($0)") })
        let baseline = try arguments.value("--baseline").map { path throws in try Baseline(contentsOf: path) }
        let (backend, fallback) = try BackendOptions(arguments).select()
        var atlas = AtlasRun(options: options, backend: backend)
        atlas.fallback = fallback
        atlas.selection = selection
        atlas.compression = compression
        atlas.warn = { Terminal.error("weightatlas: warning: \($0)") }
        var run = ZooRun(atlas: atlas)
        run.checks = config
        run.baseline = baseline
        run.jobs = try arguments.integer("--jobs", in: 1...256) ?? 1
        run.progress = ZooProgressLine(quiet: arguments.flag("--quiet")).update
        let selected = shard.map { shard in models.filter { shard.contains($0.path) } } ?? models
        let document = try run.run(selected, to: output)
        try ReportOptions.make(arguments, output: output).write(document, folders: selected.map(\.folder))
        if !arguments.flag("--quiet") {
            Terminal.out((shard.map { "shard \($0): " } ?? "") + ReportOptions.verdict(document, output: output))
        }
        return document.passed ? .done : .checksFailed
    }

    /// The checks: `--checks FILE` first, then the flags over it.
    static func checkConfig(_ arguments: Arguments) throws -> CheckConfig {
        var config = CheckConfig()
        if let path = arguments.value("--checks") {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError(message: "--checks \(path): cannot read the file")
            }
            config = try CheckConfig.parse(Array(data), file: path)
        }
        for name in arguments.all("--skip-check") {
            guard CheckConfig.allChecks.contains(name) else {
                throw UsageError(message: "--skip-check must be one of \(CheckConfig.allChecks.joined(separator: "|")), not '\(name)'")
            }
            config.enabled.remove(name)
        }
        if arguments.flag("--strict") {
            config.strict = true
            config.deadFraction = 0
        }
        if let value = try number(arguments, "--max-abs") { config.maxAbs = value }
        if let value = try number(arguments, "--dead-fraction") {
            guard value <= 1 else { throw UsageError(message: "--dead-fraction must be in 0...1, not \(value)") }
            config.deadFraction = value
        }
        if let value = try number(arguments, "--tolerance") { config.tolerance = value }
        config.ignore += arguments.all("--ignore")
        return config
    }

    /// `--shard i/n`, else what Slurm or Kubernetes set (`--shards N` for the latter).
    static func shardRequest(_ arguments: Arguments) throws -> ZooShard? {
        let shards = try arguments.integer("--shards", in: 1...1_000_000)
        if let text = arguments.value("--shard") {
            guard shards == nil else { throw UsageError(message: "give --shard i/n or --shards N, not both") }
            return try ZooShard(parsing: text)
        }
        return try ZooShard.fromEnvironment(ProcessInfo.processInfo.environment, shards: shards)
    }

    /// A non-negative finite number option.
    static func number(_ arguments: Arguments, _ name: String) throws(UsageError) -> Double? {
        guard let text = arguments.value(name) else { return nil }
        guard let value = Double(text), value.isFinite, value >= 0 else {
            throw UsageError(message: "\(name) must be a number >= 0, not '\(text)'")
        }
        return value
    }
}
