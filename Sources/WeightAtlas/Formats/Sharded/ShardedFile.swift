// Sharded checkpoints: one model split over several files, opened as one.
//
//   sharded = index.json (see ShardIndex.swift) naming shards in its folder
//           | a directory: its index.json, or its shard files (see ShardDirectory.swift)
//
// Each shard opens with `WeightFiles.open` (any format but another index) and keeps its
// own mapping; a tensor's bytes come from its shard. Tensor names must be unique across
// shards, and every `weight_map` entry must name a tensor its shard holds.

/// A model split into shards: their tensors merged, each read from its own shard.
public struct ShardedFile: WeightFile {
    /// `"sharded"`.
    public static let formatName = "sharded"

    /// The index or directory the model was opened from.
    public let path: String
    /// Every tensor of every shard, shard by shard, each in its shard's order.
    public let tensors: [TensorInfo]
    /// The shards, opened.
    public let shards: [any WeightFile]
    /// Every shard's skipped tensors.
    public var skipped: [SkippedTensor] { shards.flatMap(\.skipped) }
    /// Tensor name → index in `shards`.
    private let owners: [String: Int]

    /// True when the first bytes are a JSON object (after whitespace) mentioning `"weight_map"`.
    /// `WeightFiles.open` also takes any file named `*.index.json`, whose `weight_map` may
    /// come after more metadata than the first bytes show.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard let first = prefix.firstIndex(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
              prefix[first] == UInt8(ascii: "{") else { return false }
        let key = Array("\"weight_map\"".utf8)
        return prefix.count >= key.count && (0...(prefix.count - key.count)).contains { start in
            prefix[start..<start + key.count].elementsEqual(key)
        }
    }

    /// Opens the shards an index.json names, relative to its folder.
    /// - Throws: `FormatError` of `ShardIndex`, of any shard's reader (naming the shard), or
    ///   `.malformedHeader` for a tensor missing from its shard or present in two.
    public init(file: MappedFile) throws(FormatError) {
        do {
            let index = try ShardIndex(json: file.bytes)
            let folder = Self.folder(of: file.path)
            let paths = index.shards.map { ShardDirectory.join(folder, $0) }
            let shards = try Self.open(paths)
            try Self.checkMap(index, shards: shards)
            (tensors, owners) = try Self.merge(shards)
            self.shards = shards
        } catch {
            throw error.file.isEmpty ? error.inFile(file.path) : error
        }
        path = file.path
    }

    /// Opens a directory of shards (its index.json if it has one).
    /// - Throws: `FormatError` of `ShardDirectory`, of the index, or of any shard.
    public init(directory: String) throws(FormatError) {
        switch try ShardDirectory.contents(of: directory) {
        case .index(let index):
            let opened = try ShardedFile(file: try MappedFile(path: index))
            (tensors, shards, owners) = (opened.tensors, opened.shards, opened.owners)
        case .shards(let paths):
            let shards = try Self.open(paths)
            do {
                (tensors, owners) = try Self.merge(shards)
            } catch {
                throw error.inFile(directory)
            }
            self.shards = shards
        }
        path = directory
    }

    private static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// Opens each shard; an index or directory among them is refused before it is opened,
    /// so an index naming itself cannot recurse.
    private static func open(_ paths: [String]) throws(FormatError) -> [any WeightFile] {
        var shards: [any WeightFile] = []
        for path in paths {
            let nested = FormatError(file: path, format: formatName, kind: .malformedHeader("a shard cannot be another index"),
                                     offset: 0)
            guard !path.hasSuffix(".index.json"), !ShardDirectory.isDirectory(path) else { throw nested }
            let probe = try MappedFile(path: path)
            guard !sniff(UnsafeRawBufferPointer(rebasing: probe.bytes.prefix(64))) else { throw nested }
            shards.append(try WeightFiles.open(path))
        }
        return shards
    }

    /// Checks that every `weight_map` entry names a tensor of its shard.
    private static func checkMap(_ index: ShardIndex, shards: [any WeightFile]) throws(FormatError) {
        let names = shards.map { Set($0.tensors.map(\.name)) }
        for entry in index.entries {
            let position = index.shards.firstIndex(of: entry.shard)!
            guard names[position].contains(entry.tensor) else {
                throw FormatError(format: formatName, kind: .malformedHeader("weight_map puts '\(entry.tensor)' in '\(entry.shard)', which does not hold it"),
                                  tensor: entry.tensor, offset: entry.offset)
            }
        }
    }

    /// All shards' tensors, each name once.
    private static func merge(_ shards: [any WeightFile]) throws(FormatError) -> ([TensorInfo], [String: Int]) {
        var tensors: [TensorInfo] = []
        var owners: [String: Int] = [:]
        for (position, shard) in shards.enumerated() {
            for tensor in shard.tensors {
                if let other = owners.updateValue(position, forKey: tensor.name) {
                    throw FormatError(format: formatName,
                                      kind: .malformedHeader("tensor in both '\(shards[other].path)' and '\(shard.path)'"),
                                      tensor: tensor.name, offset: 0)
                }
                tensors.append(tensor)
            }
        }
        return (tensors, owners)
    }

    /// The tensor's bytes, from the shard that holds it (owned by that shard's mapping).
    /// - Throws: the shard's errors, or `.badMember` for a tensor no shard holds.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let position = owners[tensor.name] else {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember("no shard holds this tensor"), tensor: tensor.name)
        }
        return try shards[position].bytes(of: tensor)
    }
}
