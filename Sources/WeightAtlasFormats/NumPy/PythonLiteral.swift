/// A Python literal as an `.npy` header writes it (`PythonLiteralParser` reads these).
indirect enum PythonLiteral: Sendable, Equatable {
    /// `'text'` or `"text"`; the raw bytes between the quotes, escapes resolved.
    case string([UInt8])
    /// An integer as written, sign included (`-3`, `12`); a Python 2 `L` suffix is dropped.
    case integer(String)
    /// `True` or `False`.
    case bool(Bool)
    /// `None`.
    case none
    /// `( ... )`.
    case tuple([PythonLiteral])
    /// `[ ... ]`.
    case list([PythonLiteral])
    /// `{ key: value, ... }` with string keys, in order.
    case dict([(key: String, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        case (.bool(let a), .bool(let b)): a == b
        case (.none, .none): true
        case (.tuple(let a), .tuple(let b)), (.list(let a), .list(let b)): a == b
        case (.dict(let a), .dict(let b)): a.map(\.key) == b.map(\.key) && a.map(\.value) == b.map(\.value)
        default: false
        }
    }

    /// The literal roughly as Python would print it, for error messages.
    var text: String {
        switch self {
        case .string(let bytes): "'" + String(decoding: bytes, as: UTF8.self) + "'"
        case .integer(let digits): digits
        case .bool(let value): value ? "True" : "False"
        case .none: "None"
        case .tuple(let items): "(" + items.map(\.text).joined(separator: ", ") + (items.count == 1 ? ",)" : ")")
        case .list(let items): "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .dict(let items): "{" + items.map { "'\($0.key)': \($0.value.text)" }.joined(separator: ", ") + "}"
        }
    }
}
