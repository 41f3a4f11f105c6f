// A Hugging Face shard index (model.safetensors.index.json, pytorch_model.bin.index.json):
//
//   index      = { "metadata": { ... } (optional, any values), "weight_map": { name: shard, ... } }
//   shard      = a file name relative to the index's folder
//
// Shard paths must be relative and stay in the folder: absolute paths, `..` components,
// backslashes and empty names are refused here (`.unsafePath`), with the entry's byte offset.
// When the shards are opened (`ShardedFile`, through `ModelFolder`), a shard whose real path
// (symbolic links followed) lies outside the folder is `.unsafePath` too, and one that is not
// a regular file (a FIFO, a device) `.notRegularFile`, never opened blocking.

/// The tensor → shard map of an index.json, every shard path checked.
struct ShardIndex: Sendable {
    /// One `weight_map` entry.
    struct Entry: Sendable {
        var tensor: String
        var shard: String
        /// Byte offset of the entry's key in the index.
        var offset: Int
    }

    /// Entries in file order.
    let entries: [Entry]
    /// Distinct shard names, in order of first mention.
    let shards: [String]

    /// Parses `json` (the whole index file).
    /// - Throws: `FormatError` `.malformedHeader` (not JSON), `.missingField` (no `weight_map`),
    ///   `.unexpectedValue` (a non-string shard), `.overBudget` (parsed values past `JSONNode.budget(fileSize:)`) or `.unsafePath`.
    init(json: UnsafeRawBufferPointer) throws(FormatError) {
        let format = ShardedFile.formatName
        let root = try JSONNode.parseHeader(json, fileSize: json.count, format: format)
        guard case .object(let members) = root,
              let map = members.first(where: { $0.key == "weight_map" }), case .object(let mapped) = map.value else {
            throw FormatError(format: format, kind: .missingField("\"weight_map\" object"), offset: 0)
        }
        var entries: [Entry] = []
        var shards: [String] = []
        var seen: Set<String> = []
        for member in mapped {
            guard case .string(let shard) = member.value else {
                throw FormatError(format: format, kind: .unexpectedValue(field: "shard of '\(member.key)'", expected: "a string",
                                                                          found: member.value.typeName),
                                  tensor: member.key, offset: member.offset)
            }
            guard Self.isSafe(shard) else {
                throw FormatError(format: format, kind: .unsafePath(shard), tensor: member.key, offset: member.offset)
            }
            entries.append(Entry(tensor: member.key, shard: shard, offset: member.offset))
            if seen.insert(shard).inserted { shards.append(shard) }
        }
        self.entries = entries
        self.shards = shards
    }

    /// True for a non-empty relative path with no `..` component and no backslash.
    static func isSafe(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\\"), !path.utf8.contains(0) else { return false }
        return !path.split(separator: "/", omittingEmptySubsequences: false).contains { $0 == ".." || $0.isEmpty }
    }
}
