/// Which part of a zoo one run takes: shard `index` of `count` (0-based). A model belongs to
/// the shard its path hashes to (FNV-1a 64 of the UTF-8 path, modulo the count), so adding a
/// model never moves another one between shards.
public struct ZooShard: Sendable, Equatable, CustomStringConvertible {
    /// This shard, 0..<count.
    public var index: Int
    /// How many shards.
    public var count: Int

    /// Shard `index` of `count`.
    /// - Throws: `ZooError.shard` when count < 1 or index is outside 0..<count.
    public init(index: Int, count: Int) throws(ZooError) {
        guard count >= 1, (0..<count).contains(index) else {
            throw ZooError.shard("shard \(index) of \(count) does not exist (shards are 0..<count, count >= 1)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `i/n`, e.g. `0/4`.
    /// - Throws: `ZooError.shard` naming the text.
    public init(parsing text: String) throws(ZooError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw ZooError.shard("--shard must be i/n (e.g. 0/4), not '\(text)'")
        }
        try self.init(index: index, count: count)
    }

    /// The shard the environment asks for: a Slurm array (`SLURM_ARRAY_TASK_ID` minus
    /// `SLURM_ARRAY_TASK_MIN`, of `SLURM_ARRAY_TASK_COUNT`), or a Kubernetes indexed Job
    /// (`JOB_COMPLETION_INDEX` of `shards`, which `--shards N` gives); nil when neither is set.
    /// - Throws: `ZooError.shard` for values that are not integers or out of range.
    public static func fromEnvironment(_ environment: [String: String], shards: Int?) throws(ZooError) -> ZooShard? {
        func integer(_ name: String) throws(ZooError) -> Int? {
            guard let text = environment[name], !text.isEmpty else { return nil }
            guard let value = Int(text) else { throw ZooError.shard("\(name)='\(text)' is not an integer") }
            return value
        }
        if let shards {
            guard let index = try integer("JOB_COMPLETION_INDEX") else {
                throw ZooError.shard("--shards \(shards) needs JOB_COMPLETION_INDEX (a Kubernetes indexed Job); use --shard i/n elsewhere")
            }
            return try ZooShard(index: index, count: shards)
        }
        if let id = try integer("SLURM_ARRAY_TASK_ID"), let count = try integer("SLURM_ARRAY_TASK_COUNT") {
            return try ZooShard(index: id - (try integer("SLURM_ARRAY_TASK_MIN") ?? 0), count: count)
        }
        return nil
    }

    /// True when the model named `path` belongs to this shard.
    public func contains(_ path: String) -> Bool {
        Int(Self.fnv1a(path) % UInt64(count)) == index
    }

    /// `i/n`.
    public var description: String { "\(index)/\(count)" }

    /// FNV-1a 64 of the UTF-8 bytes of `text` (stable across runs and machines, unlike `Hasher`).
    public static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}
