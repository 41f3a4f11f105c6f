/// A JSON value as `JSONParser` reads it. Objects keep their keys in file order, each with
/// the byte offset of its opening quote, so errors can point at the entry. Not `indirect`: a
/// container's elements are held inline in its storage (24 bytes each), not boxed one by one.
package enum JSONNode: Sendable {
    /// An object: members in file order.
    case object([(key: String, offset: Int, value: JSONNode)])
    /// An array.
    case array([JSONNode])
    /// A string, unescaped.
    case string(String)
    /// A number, as written (the grammar checked, not yet converted).
    case number(String)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null

    /// The memory a header's parse may hold for a file of `size` bytes: 2 × the file + 4 MiB.
    /// Parsed values take more memory than their text (`[1,1,…]`: 24 bytes a value for two
    /// bytes of text), so a budget of the file's size is what keeps a 32 MB header from
    /// becoming gigabytes; an honest header is a sliver of its file.
    package static func budget(fileSize size: Int) -> Int {
        let (doubled, overflow) = size.multipliedReportingOverflow(by: 2)
        return overflow ? Int.max : doubled + (4 << 20)
    }

    /// The value as a non-negative integer that fits Int, or nil (fractions, exponents, negatives).
    package var nonNegativeInteger: Int? {
        guard case .number(let text) = self, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    /// A short name of the value's type for error messages.
    package var typeName: String {
        switch self {
        case .object: "object"
        case .array: "array"
        case .string: "string"
        case .number(let text): "number \(text)"
        case .bool(let value): "\(value)"
        case .null: "null"
        }
    }
}
