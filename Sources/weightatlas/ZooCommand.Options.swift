import WeightAtlas

extension ZooCommand {
    /// `zoo`'s command line, typed.
    struct Options {
        static let list = Option<String?>("--list", placeholder: "FILE", help: "also take the models listed in FILE, one path a line", .text)
        static let checks = Option<String?>("--checks", placeholder: "FILE",
                                            help: "checks configuration (JSON: checks, max_abs, dead_fraction, tolerance, ignore)", .text)
        static let skipCheck: Option<[Check]> = .repeated("--skip-check", placeholder: "NAME",
                                                           help: "do not run nan | inf | dead | exploded | drift | lora-targets | noisy (repeatable)",
                                                           .oneOf(CheckConfig.allChecks))
        static let maxAbs = Option<Double?>("--max-abs", placeholder: "X", help: "exploded: largest finite |x| that passes (default 10000)",
                                            .nonNegative)
        static let deadFraction = Option<Double?>(
            "--dead-fraction", placeholder: "F", help: "dead: largest fraction of a layer's filters constant that passes (default 0.5)", .fraction)
        static let noisyRoughness = Option<Double?>(
            "--noisy-roughness", placeholder: "R",
            help: "run noisy: the first spatial layer's median roughness must be <= R (0.8 separates trained first layers from random ones)",
            .nonNegative)
        static let strict = Option<Bool>.flag(
            "--strict", help: "every check on every tensor (integers, running statistics, scalars) and --dead-fraction 0 unless given")
        static let baseline = Option<String?>("--baseline", placeholder: "ZOO.json",
                                              help: "check drift against an earlier zoo.json: stats, shapes, tensors added/removed", .text)
        static let tolerance = Option<Double?>(
            "--tolerance", placeholder: "SD", help: "drift: largest change of mean/std/min/max in baseline std units (default 0.1)", .nonNegative)
        static let ignore: Option<[String]> = .repeated("--ignore", placeholder: "NAME",
                                                        help: "tensors no check looks at (a glob; repeatable)", .text)
        static let exclude: Option<[String]> = .repeated(
            "--exclude", placeholder: "GLOB", help: "models not to take: a glob on the relative path or the file name (repeatable)", .text)
        static let shard = Option<ZooShard?>("--shard", placeholder: "i/n",
                                             help: "only shard i of n (0-based; by a hash of each model's path)", .shard)
        static let jobs = Option<Int?>("--jobs", placeholder: "N", help: "render N models at once (a bounded pool; default SLURM_CPUS_PER_TASK, else 1)",
                                       .integer(in: 1...256))
        static let shards = Option<Int?>("--shards", placeholder: "N",
                                         help: "N shards, this one JOB_COMPLETION_INDEX (Kubernetes indexed Job)", .integer(in: 1...1_000_000))
        static let quiet = OutputOptions.quiet("no progress or verdict line")
        /// The declarations, in the help's order.
        static let specs = [OutputOptions.output.spec, list.spec, checks.spec, skipCheck.spec, maxAbs.spec, deadFraction.spec,
                            noisyRoughness.spec, strict.spec, baseline.spec, tolerance.spec, ignore.spec, exclude.spec, shard.spec, jobs.spec, shards.spec]
            + ReportOptions.specs + [OutputOptions.compression.spec, quiet.spec] + ImageOptions.specs + BackendOptions.specs

        /// The folders (or model files) to walk.
        var paths: [String]
        var output: String
        var list: String?
        /// The checks configuration file, read by the command.
        var checks: String?
        var skipChecks: [Check]
        var strict: Bool
        var maxAbs: Double?
        var deadFraction: Double?
        var noisyRoughness: Double?
        var tolerance: Double?
        var ignore: [String]
        var shards: Int?
        var shard: ZooShard?
        var compression: PNGCompression
        var image: ImageOptions
        var exclude: [String]
        var baseline: String?
        var backend: BackendOptions
        var jobs: Int?
        var reports: ReportOptions
        var quiet: Bool

        /// Parses `words` (the command line after `zoo`).
        /// - Throws: `UsageError`.
        init(_ words: [String]) throws(UsageError) {
            let arguments = try Arguments(words, specs: Self.specs)
            output = try OutputOptions.folder(arguments, for: "zoo")
            paths = arguments.positional
            list = try arguments.value(Self.list)
            guard !paths.isEmpty || list != nil else { throw UsageError(message: "zoo needs a PATH (a folder of models) or --list FILE") }
            checks = try arguments.value(Self.checks)
            skipChecks = try arguments.value(Self.skipCheck)
            strict = try arguments.value(Self.strict)
            maxAbs = try arguments.value(Self.maxAbs)
            deadFraction = try arguments.value(Self.deadFraction)
            noisyRoughness = try arguments.value(Self.noisyRoughness)
            tolerance = try arguments.value(Self.tolerance)
            ignore = try arguments.value(Self.ignore)
            shards = try arguments.value(Self.shards)
            if arguments.given(Self.shard) && shards != nil { throw UsageError(message: "give --shard i/n or --shards N, not both") }
            shard = try arguments.value(Self.shard)
            compression = try arguments.value(OutputOptions.compression)
            image = try ImageOptions(arguments)
            exclude = try arguments.value(Self.exclude)
            baseline = try arguments.value(Self.baseline)
            backend = try BackendOptions(arguments)
            jobs = try arguments.value(Self.jobs)
            reports = try ReportOptions(arguments)
            quiet = try arguments.value(Self.quiet)
        }
    }
}

extension OptionValue where Value == ZooShard {
    /// `i/n` with 0 <= i < n.
    static var shard: OptionValue<ZooShard> {
        OptionValue { text, _ throws(UsageError) in
            do throws(ZooError) { return try ZooShard(parsing: text) } catch { throw UsageError(message: error.description) }
        }
    }
}
