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
