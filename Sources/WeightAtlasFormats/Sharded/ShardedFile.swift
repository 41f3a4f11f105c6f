import WeightAtlasTensor

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

    /// Opens the shards an index.json names, relative to its folder, each through
    /// `ModelFolder` (its real path inside the folder, a regular file).
    /// - Throws: `FormatError` of `ShardIndex`, of `ModelFolder.map` (`.unsafePath`,
    ///   `.notRegularFile`, `.io`: naming the index, the first tensor mapped to the shard and
    ///   that entry's offset), of any shard's reader (naming the shard), or `.unexpectedValue`
    ///   for a shard that is an index, `.missingField` for a tensor missing from its shard,
    ///   `.duplicateName` for one present in two.
    public init(file: MappedFile) throws(FormatError) {
        do {
            let index = try ShardIndex(json: file.bytes)
            let shards = try Self.open(index, folder: ModelFolder(modelPath: file.path))
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
            var shards: [any WeightFile] = []
            for path in paths { shards.append(try Self.open(try MappedFile(path: path))) }
            do {
                (tensors, owners) = try Self.merge(shards)
            } catch {
                throw error.inFile(directory)
            }
            self.shards = shards
        }
        path = directory
    }

    /// Maps and opens each shard `index` names in `folder`; a shard that cannot be mapped is
    /// reported at the first entry naming it.
    private static func open(_ index: ShardIndex, folder: ModelFolder) throws(FormatError) -> [any WeightFile] {
        var shards: [any WeightFile] = []
        for name in index.shards {
            let mapped: MappedFile
            do {
                mapped = try folder.map(name)
            } catch {
                let entry = index.entries.first { $0.shard == name }
                throw FormatError(format: formatName, kind: error.kind, tensor: entry?.tensor, offset: entry?.offset)
            }
            shards.append(try open(mapped))
        }
        return shards
    }

    /// Opens one mapped shard; an index among them is refused before it is read, so an index
    /// naming itself cannot recurse.
    private static func open(_ shard: MappedFile) throws(FormatError) -> any WeightFile {
        guard !shard.path.hasSuffix(".index.json"), !sniff(UnsafeRawBufferPointer(rebasing: shard.bytes.prefix(64))) else {
            throw FormatError(file: shard.path, format: formatName, kind: .unexpectedValue(field: "shard", expected: "a weight file", found: "another index"),
                              offset: 0)
        }
        return try WeightFiles.open(file: shard)
    }

    /// Checks that every `weight_map` entry names a tensor of its shard.
    private static func checkMap(_ index: ShardIndex, shards: [any WeightFile]) throws(FormatError) {
        let names = shards.map { Set($0.tensors.map(\.name)) }
        for entry in index.entries {
            let position = index.shards.firstIndex(of: entry.shard)!
            guard names[position].contains(entry.tensor) else {
                throw FormatError(format: formatName, kind: .missingField("tensor '\(entry.tensor)' in '\(entry.shard)', where weight_map puts it"),
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
                                      kind: .duplicateName(tensor.name, first: "in '\(shards[other].path)', again in '\(shard.path)'"),
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
