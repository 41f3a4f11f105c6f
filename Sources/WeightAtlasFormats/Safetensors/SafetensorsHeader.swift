/// The JSON header of a safetensors file, decoded: tensor entries in header order, metadata.
struct SafetensorsHeader: Sendable {
    /// Tensor entries in the order the header lists them.
    var entries: [SafetensorsEntry]
    /// The `__metadata__` object (string to string), empty when absent.
    var metadata: [String: String]

    /// Parses `json` (the header bytes, which start at file offset `headerStart`) of a file
    /// of `fileSize` bytes, holding at most `JSONNode.budget(fileSize:)` of parsed values.
    /// - Throws: `FormatError` `.malformedHeader` (syntax, with the offset of the bad byte;
    ///   duplicate keys), `.unexpectedValue` (not an object; bad metadata), `.overBudget` (values past the budget,
    ///   naming the member they are under) or any error of `SafetensorsEntry`.
    init(json: UnsafeRawBufferPointer, headerStart: Int, fileSize: Int) throws(FormatError) {
        let format = SafetensorsFile.formatName
        let root = try JSONNode.parseHeader(json, fileSize: fileSize, format: format, offsetBase: headerStart)
        guard case .object(let members) = root else {
            throw FormatError(format: format, kind: .unexpectedValue(field: "header", expected: "an object", found: root.typeName),
                              offset: headerStart)
        }
        entries = []
        metadata = [:]
        for member in members {
            if member.key == "__metadata__" {
                metadata = try Self.decodeMetadata(member.value, offset: headerStart + member.offset)
            } else {
                entries.append(try SafetensorsEntry(name: member.key, value: member.value,
                                                    offset: headerStart + member.offset))
            }
        }
    }

    /// `__metadata__` must be an object whose values are strings.
    private static func decodeMetadata(_ value: JSONNode, offset: Int) throws(FormatError) -> [String: String] {
        let bad = FormatError(format: SafetensorsFile.formatName,
                              kind: .unexpectedValue(field: "\"__metadata__\"", expected: "an object of strings",
                                                     found: value.typeName), offset: offset)
        guard case .object(let members) = value else { throw bad }
        var metadata: [String: String] = [:]
        for member in members {
            guard case .string(let text) = member.value else { throw bad }
            metadata[member.key] = text
        }
        return metadata
    }
}
