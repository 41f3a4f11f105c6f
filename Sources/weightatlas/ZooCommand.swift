import Foundation
import WeightAtlas

/// `weightatlas zoo PATH... -o OUT`: every model rendered and checked; zoo.json, index.html,
/// JUnit and Markdown reports; exit 1 when a check fails.
enum ZooCommand {
    static let summary = "render and health-check every model under folders into OUT/<model>/, OUT/zoo.json and OUT/index.html"
    static let usage = "weightatlas zoo PATH... -o OUT [--list FILE] [--checks FILE] [--baseline ZOO.json] [--shard i/n] [options]"
    static let examples = [
        "weightatlas zoo checkpoints/ -o atlas/ --junit junit.xml --summary summary.md",
        "weightatlas zoo checkpoints/ -o atlas/ --baseline last-release/zoo.json --tolerance 0.5",
        "weightatlas zoo checkpoints/ -o shard-1/ --shard 1/4      # then: weightatlas merge shard-*/ -o atlas/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        let config = try checkConfig(options)
        let shard = try shardRequest(options)
        let models = try ZooWalk.models(under: options.paths, listedIn: options.list, excluding: options.exclude,
                                        warn: { Terminal.warning($0) })
        let baseline = try options.baseline.map { path throws in try Baseline(contentsOf: path) }
        let atlas = try RunSetup.atlasRun(options.image, backend: options.backend, compression: options.compression, progress: false)
        var run = ZooRun(atlas: atlas)
        run.checks = config
        run.baseline = baseline
        run.jobs = try options.jobs ?? ZooShard.jobs(fromEnvironment: ProcessInfo.processInfo.environment, limit: 256) ?? 1
        run.progress = ZooProgressLine(quiet: options.quiet).update
        run.provenance = ZooProvenance(walk: models, run: run, shard: shard)
        let selected = shard.map { shard in models.filter { shard.contains($0.path) } } ?? models
        let document = try run.run(selected, to: options.output)
        try options.reports.make(output: options.output).write(document, folders: selected.map(\.folder))
        if !options.quiet {
            Terminal.out((shard.map { "shard \($0): " } ?? "") + ReportOptions.verdict(document, output: options.output))
        }
        return document.passed ? .done : .checksFailed
    }

    /// The checks: `--checks FILE` first, then the flags over it.
    static func checkConfig(_ options: Options) throws -> CheckConfig {
        var config = CheckConfig()
        if let path = options.checks {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError(message: "--checks \(path): cannot read the file")
            }
            config = try CheckConfig.parse(Array(data), file: path)
        }
        if options.strict {
            config.strict = true
            config.deadFraction = 0
        }
        if let value = options.maxAbs { config.maxAbs = value }
        if let value = options.deadFraction { config.deadFraction = value }
        if let value = options.tolerance { config.tolerance = value }
        if let value = options.noisyRoughness {
            config.noisyRoughness = value
            config.enabled.insert(.noisy)
        }
        for check in options.skipChecks { config.enabled.remove(check) }
        config.ignore += options.ignore
        return config
    }

    /// `--shard i/n`, else what Slurm or Kubernetes set (`--shards N` for the latter).
    static func shardRequest(_ options: Options) throws -> ZooShard? {
        if let shard = options.shard { return shard }
        return try ZooShard.fromEnvironment(ProcessInfo.processInfo.environment, shards: options.shards)
    }
}
