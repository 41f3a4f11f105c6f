import WeightAtlasEncode
import WeightAtlasFormats

extension JSONValue {
    /// The member `key` of an object; nil for other values or a missing key.
    subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The elements of an array; nil for other values.
    var elements: [JSONValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    /// A number (integer or not) as a Double; nil for other values.
    var double: Double? {
        switch self {
        case .int(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    /// An integer; nil for other values.
    var integer: Int? { if case .int(let value) = self { value } else { nil } }

    /// A string; nil for other values.
    var string: String? { if case .string(let value) = self { value } else { nil } }

    /// The value of a JSON document parsed from `bytes`.
    /// - Throws: `SyntaxError` with the byte offset of the first error.
    static func parse(_ bytes: [UInt8]) throws(SyntaxError) -> JSONValue {
        JSONValue(try parseNode(bytes))
    }

    /// The parser's tree of `bytes` (keys keep their offsets).
    /// - Throws: `SyntaxError` with the byte offset of the first error.
    static func parseNode(_ bytes: [UInt8]) throws(SyntaxError) -> JSONNode {
        var result: Result<JSONNode, SyntaxError> = .failure(SyntaxError(message: "empty", offset: 0))
        bytes.withUnsafeBytes { raw in
            do throws(SyntaxError) { result = .success(try JSONParser.parse(raw)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    /// The same value as a writer's value: integers written without a fraction or exponent
    /// stay integers, other numbers become Doubles (which `serialized` writes back the same).
    init(_ node: JSONNode) {
        switch node {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .string(let value): self = .string(value)
        case .number(let text):
            if let value = Int(text) { self = .int(value) } else { self = .number(Double(text) ?? .nan) }
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(members.map { ($0.key, JSONValue($0.value)) })
        }
    }
}
