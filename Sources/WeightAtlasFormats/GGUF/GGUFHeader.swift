/// The front of a GGUF file: magic, version, counts and the metadata key-value pairs.
struct GGUFHeader: Sendable {
    /// Format version (2 or 3).
    var version: UInt32
    /// Number of tensor infos that follow the metadata.
    var tensorCount: Int
    /// Metadata in file order.
    var metadata: [(key: String, value: GGUFValue)]
    /// `general.alignment`, or 32.
    var alignment: Int
    /// File offset of the first tensor info.
    var end: Int

    /// Smallest tensor info: name length, n_dims, type, offset (a nameless scalar).
    static let minimumTensorInfo = 8 + 4 + 4 + 8
    /// Smallest key-value pair: key length, value type, a one-byte value.
    static let minimumKeyValue = 8 + 4 + 1
    /// ggml's default alignment.
    static let defaultAlignment = 32

    /// Reads the header and metadata of `bytes`.
    /// - Throws: `FormatError` `.truncated`, `.badMagic`, `.unsupportedVersion`,
    ///   `.countExceedsData`, `.unexpectedValue` (unknown value types, a bad
    ///   `general.alignment`), `.duplicateName` (keys), `.nestedTooDeep`,
    ///   `.overBudget` (metadata holding more than `GGUFMetadataBudget` allows).
    init(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
        var cursor = GGUFCursor(bytes)
        let magic = try cursor.read(UInt32.self)
        guard magic == GGUFFile.magic else {
            throw cursor.error(.badMagic(expected: "\"GGUF\"", found: Array(bytes.prefix(4))), at: 0)
        }
        version = try cursor.read(UInt32.self)
        guard version == 2 || version == 3 else { throw cursor.error(Self.versionProblem(version), at: 4) }
        let countStart = cursor.offset
        let tensors = try cursor.read(UInt64.self)
        let pairs = try cursor.read(UInt64.self)
        try cursor.checkCount(tensors, minimumSize: Self.minimumTensorInfo, what: "tensor count", at: countStart)
        try cursor.checkCount(pairs, minimumSize: Self.minimumKeyValue, what: "metadata count", at: countStart + 8)
        tensorCount = Int(tensors)
        metadata = []
        var keys = Set<String>()
        var budget = GGUFMetadataBudget(fileSize: bytes.count)
        alignment = Self.defaultAlignment
        for _ in 0..<Int(pairs) {
            let start = cursor.offset
            let key = try cursor.string()
            guard keys.insert(key).inserted else { throw cursor.error(.duplicateName(key, first: nil), at: start) }
            budget.key = key
            // The pair in `metadata`, the key in `keys`, and the key's bytes twice.
            let pairCost = MemoryLayout<(String, GGUFValue)>.stride + 16 + 2 * GGUFMetadataBudget.stringCost(key)
            try budget.spend(pairCost, at: start, cursor: cursor)
            let type = try GGUFValue.readType(from: &cursor)
            let value = try GGUFValue.read(type, from: &cursor, budget: &budget)
            if key == "general.alignment" { alignment = try Self.alignment(value, cursor: cursor, at: start) }
            metadata.append((key, value))
        }
        end = cursor.offset
    }

    /// Why `version` is refused.
    private static func versionProblem(_ version: UInt32) -> FormatError.Kind {
        let found = if version == 1 { "1 (32-bit counts)" }
            else if version.byteSwapped == 2 || version.byteSwapped == 3 { "\(version.byteSwapped), big-endian," }
            else { "\(version)" }
        return .unsupportedVersion(field: "GGUF version", found: found, supported: "little-endian versions 2 and 3 are")
    }

    /// `general.alignment` must be a u32 power of two.
    private static func alignment(_ value: GGUFValue, cursor: GGUFCursor, at start: Int) throws(FormatError) -> Int {
        guard case .u32(let raw) = value else {
            throw cursor.error(.unexpectedValue(field: "general.alignment", expected: "a u32", found: "\(value)"), at: start)
        }
        guard raw > 0, raw & (raw - 1) == 0 else {
            throw cursor.error(.unexpectedValue(field: "general.alignment", expected: "a power of two", found: "\(raw)"),
                               at: start)
        }
        return Int(raw)
    }
}
