/// What a batch scheduler tells a zoo run through the environment: which shard it is and how
/// many CPUs it was given.
///
/// Slurm arrays: task `SLURM_ARRAY_TASK_ID` of the range `SLURM_ARRAY_TASK_MIN` …
/// `SLURM_ARRAY_TASK_MAX` in steps of `SLURM_ARRAY_TASK_STEP` (`--array=0-15`, `--array=1-16`,
/// `--array=0-6:2`; a `%N` throttle changes none of them) is shard (ID − MIN) / STEP of
/// `SLURM_ARRAY_TASK_COUNT` (or (MAX − MIN) / STEP + 1 where COUNT is not set). An array that
/// is not one such range (`--array=1,3,10`) cannot be mapped to shards and is refused.
/// Kubernetes indexed Jobs: `JOB_COMPLETION_INDEX` of `--shards N`.
extension ZooShard {
    /// The shard the environment asks for, or nil when neither a Slurm array nor (with
    /// `shards`) a Kubernetes indexed Job is set.
    /// - Throws: `ZooError.shard` for values that are not integers, out of range, or an array
    ///   that is not one range.
    public static func fromEnvironment(_ environment: [String: String], shards: Int?) throws(ZooError) -> ZooShard? {
        if let shards {
            guard let index = try integer("JOB_COMPLETION_INDEX", in: environment) else {
                throw ZooError.shard("--shards \(shards) needs JOB_COMPLETION_INDEX (a Kubernetes indexed Job); use --shard i/n elsewhere")
            }
            return try ZooShard(index: index, count: shards)
        }
        guard let id = try integer("SLURM_ARRAY_TASK_ID", in: environment) else { return nil }
        let min = try integer("SLURM_ARRAY_TASK_MIN", in: environment) ?? 0
        let step = try integer("SLURM_ARRAY_TASK_STEP", in: environment) ?? 1
        let max = try integer("SLURM_ARRAY_TASK_MAX", in: environment)
        guard step >= 1 else { throw ZooError.shard("SLURM_ARRAY_TASK_STEP=\(step) must be at least 1") }
        let span = max.map { ($0 - min) / step + 1 }
        guard let count = try integer("SLURM_ARRAY_TASK_COUNT", in: environment) ?? span else {
            throw ZooError.shard("SLURM_ARRAY_TASK_ID=\(id) without SLURM_ARRAY_TASK_COUNT or SLURM_ARRAY_TASK_MAX: how many shards? use --shard i/n")
        }
        let range = "\(min)-\(max.map(String.init) ?? "?")" + (step > 1 ? ":\(step)" : "")
        guard id >= min, (id - min) % step == 0, span == nil || span == count else {
            throw ZooError.shard("the Slurm array (task \(id), \(count) tasks, min \(min), max \(max.map(String.init) ?? "unset"), step \(step)) is not one range \(range) of \(count) tasks, so its tasks are not shards 0..<\(count); submit --array=A-B or A-B:S, or give --shard i/n")
        }
        return try ZooShard(index: (id - min) / step, count: count)
    }

    /// Models to render at once when `--jobs` is not given: `SLURM_CPUS_PER_TASK` (what
    /// `--cpus-per-task` granted), at most `limit`; nil when it is not set.
    /// - Throws: `ZooError.shard` when it is set but not a positive integer.
    public static func jobs(fromEnvironment environment: [String: String], limit: Int) throws(ZooError) -> Int? {
        guard let cpus = try integer("SLURM_CPUS_PER_TASK", in: environment) else { return nil }
        guard cpus >= 1 else { throw ZooError.shard("SLURM_CPUS_PER_TASK=\(cpus) must be at least 1") }
        return Swift.min(cpus, limit)
    }

    /// The variable `name` as an integer; nil when unset or empty.
    static func integer(_ name: String, in environment: [String: String]) throws(ZooError) -> Int? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw ZooError.shard("\(name)='\(text)' is not an integer") }
        return value
    }
}
