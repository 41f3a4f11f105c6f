import WeightAtlasEncode

/// Why a zoo, diff or merge cannot run at all (a model that cannot be read is not one of
/// these: it is a failed check).
public enum ZooError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A bad shard request (`--shard`, the Slurm or Kubernetes variables, `SLURM_CPUS_PER_TASK`): a usage error.
    case shard(String)
    /// A checks configuration that cannot be used: the file, the byte offset, what is wrong.
    case checks(file: String, offset: Int?, message: String)
    /// A path to walk or a list that cannot be read.
    case input(path: String, message: String)
    /// A zoo.json (baseline or shard output) that is not what `zoo` writes.
    case document(file: String, offset: Int?, message: String)
    /// Zoo outputs given to `merge` that are not the shards of one run: a shard missing or
    /// given twice, or shards of different walks, configurations or versions (bad input).
    case shards(String)
    /// An output that cannot be written.
    case output(OutputError)

    /// One line naming the file and, where known, the byte offset.
    public var description: String {
        switch self {
        case .shard(let message): message
        case .checks(let file, let offset, let message):
            "\(file): checks configuration: \(message)" + (offset.map { " at byte \($0)" } ?? "")
        case .input(let path, let message): "\(path): \(message)"
        case .document(let file, let offset, let message):
            "\(file): not a weightatlas zoo.json: \(message)" + (offset.map { " at byte \($0)" } ?? "")
        case .shards(let message): "merge: \(message)"
        case .output(let error): error.description
        }
    }
}
