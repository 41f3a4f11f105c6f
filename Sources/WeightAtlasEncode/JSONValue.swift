import Foundation

/// A JSON document with object keys kept in the order they were given.
public indirect enum JSONValue: Sendable, Equatable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case null
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// A string value.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An integer value.
    public init(integerLiteral value: Int) { self = .int(value) }

    /// A number, or null when it is NaN or infinite (JSON has neither).
    public static func finite(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        return .number(value)
    }

    /// Equal when structurally equal, keys in the same order.
    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.map(\.0) == y.map(\.0) && x.map(\.1) == y.map(\.1)
        default: false
        }
    }

    /// Compact JSON text; with `indent`, objects and arrays of objects break over lines.
    public func serialized(indent: Int? = nil) -> String {
        var out = ""
        write(into: &out, indent: indent, depth: 0)
        return out
    }

    private func write(into out: inout String, indent: Int?, depth: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .number(let value): out += Self.format(value)
        case .string(let value): Self.quote(value, into: &out)
        case .array(let items):
            let breaks = indent != nil && items.contains { if case .object = $0 { true } else { false } }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += breaks ? "," : ", " }
                if breaks { newline(&out, indent, depth + 1) }
                item.write(into: &out, indent: indent, depth: depth + 1)
            }
            if breaks { newline(&out, indent, depth) }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                if indent != nil && depth < 3 { newline(&out, indent, depth + 1) } else if i > 0 && indent != nil { out += " " }
                Self.quote(key, into: &out)
                out += ": "
                value.write(into: &out, indent: indent, depth: depth + 1)
            }
            if indent != nil && depth < 3 && !members.isEmpty { newline(&out, indent, depth) }
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ indent: Int?, _ depth: Int) {
        out += "\n" + String(repeating: " ", count: (indent ?? 0) * depth)
    }

    /// Shortest text that reads back as the same Double; integral values keep a ".0".
    static func format(_ value: Double) -> String {
        let text = "\(value)"
        return text.contains("e") ? text.replacingOccurrences(of: "e+", with: "e") : text
    }

    static func quote(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where TerminalEscaping.needsEscape(c):   // controls, separators, bidi marks: harmless when printed or embedded
                out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
