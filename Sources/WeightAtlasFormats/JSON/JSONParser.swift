// A strict JSON parser (RFC 8259) for format headers.
//
//   value   = ws ( object | array | string | number | "true" | "false" | "null" ) ws
//   object  = "{" [ string ":" value *( "," string ":" value ) ] "}"     keys unique
//   array   = "[" [ value *( "," value ) ] "]"
//   string  = '"' *( unescaped | "\" ( '"' | "\" | "/" | b f n r t | u XXXX ) ) '"'
//             (no control characters; valid UTF-8; \u surrogates must pair)
//   number  = [ "-" ] ( "0" | [1-9] *digit ) [ "." 1*digit ] [ ( e | E ) [ + | - ] 1*digit ]
//   ws      = *( space | tab | LF | CR )
//
// No trailing commas, comments, NaN, single quotes or duplicate keys; nesting is capped
// so a hostile header cannot exhaust the stack, and the memory the values take (estimated
// as they are built: 24 bytes a value, string bytes past 15, 32 a container, 40 more an
// object member) is capped by the caller's budget. Errors carry the byte offset.

/// Parses JSON text strictly, reporting the byte offset of the first error.
package struct JSONParser: TextParser {
    package typealias Failure = SyntaxError

    /// Deepest nesting of objects and arrays accepted.
    static let maxDepth = 64

    let text: UnsafeRawBufferPointer
    var position = 0
    var depth = 0
    /// Estimated bytes the values may take, and taken so far.
    let budget: Int
    private var spent = 0
    /// Keys of the members being parsed, outermost first (to say which values broke the budget).
    private var keys: [String] = []

    private init(text: UnsafeRawBufferPointer, budget: Int) {
        self.text = text
        self.budget = budget
    }

    /// Parses `text` as exactly one JSON value surrounded by optional whitespace, holding at
    /// most `budget` bytes of values (`JSONNode.budget(fileSize:)` for a file's header).
    /// - Throws: `Failure` with the offset of the first byte that breaks the grammar, or of
    ///   the value that broke the budget (`budget` set, the message naming the member).
    package static func parse(_ text: UnsafeRawBufferPointer, budget: Int = .max) throws(Failure) -> JSONNode {
        var parser = JSONParser(text: text, budget: budget)
        parser.skipWhitespace()
        let value = try parser.parseValue()
        parser.skipWhitespace()
        guard parser.position == text.count else { throw parser.fail("unexpected bytes after the JSON value") }
        return value
    }

    private mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard peek() == byte else { throw fail("expected \(what)") }
        position += 1
    }

    private mutating func parseValue() throws(Failure) -> JSONNode {
        guard let byte = peek() else { throw fail("unexpected end of text, expected a value") }
        try charge(MemoryLayout<JSONNode>.stride)
        switch byte {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try charged(try parseString()))
        case UInt8(ascii: "t"): try parseWord("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseWord("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseWord("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try charged(try parseNumber()))
        default: throw fail("unexpected character, expected a value")
        }
    }

    /// Counts `bytes` more against the budget.
    /// - Throws: `Failure` with `budget` set, naming the member being parsed, past the budget.
    private mutating func charge(_ bytes: Int) throws(Failure) {
        spent += bytes
        guard spent > budget else { return }
        let path = keys.map { "\"" + $0.prefix(64) + ($0.count > 64 ? "…" : "") + "\"" }.joined(separator: ".")
        var error = fail(keys.isEmpty ? "JSON values" : "JSON values under \(path)")
        error.budget = budget
        throw error
    }

    /// `text`, its bytes past the 15 a string holds inline counted against the budget.
    private mutating func charged(_ text: String) throws(Failure) -> String {
        if text.utf8.count > 15 { try charge(text.utf8.count) }
        return text
    }

    private mutating func parseWord(_ word: StaticString) throws(Failure) {
        let start = position
        for expected in UnsafeRawBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
            guard peek() == expected else { throw fail("invalid literal, expected \(word)", at: start) }
            position += 1
        }
    }

    private mutating func enter() throws(Failure) {
        try enterNesting()
    }

    private mutating func parseObject() throws(Failure) -> JSONNode {
        try enter()
        try charge(32)
        position += 1
        var members: [(key: String, offset: Int, value: JSONNode)] = []
        var seen = Set<String>()
        skipWhitespace()
        if peek() == UInt8(ascii: "}") { position += 1; depth -= 1; return .object(members) }
        while true {
            skipWhitespace()
            let keyOffset = position
            guard peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = try parseString()
            guard seen.insert(key).inserted else { throw fail("duplicate key \"\(key)\"", at: keyOffset) }
            // The member's key and offset beside its value, and the key again in `seen`.
            try charge(40)
            _ = try charged(key)
            _ = try charged(key)
            skipWhitespace()
            try expect(UInt8(ascii: ":"), "':' after a key")
            skipWhitespace()
            keys.append(key)
            members.append((key, keyOffset, try parseValue()))
            keys.removeLast()
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "}"), "',' or '}' in an object")
            depth -= 1
            return .object(members)
        }
    }

    private mutating func parseArray() throws(Failure) -> JSONNode {
        try enter()
        try charge(32)
        position += 1
        var elements: [JSONNode] = []
        skipWhitespace()
        if peek() == UInt8(ascii: "]") { position += 1; depth -= 1; return .array(elements) }
        while true {
            skipWhitespace()
            elements.append(try parseValue())
            skipWhitespace()
            if peek() == UInt8(ascii: ",") { position += 1; continue }
            try expect(UInt8(ascii: "]"), "',' or ']' in an array")
            depth -= 1
            return .array(elements)
        }
    }

    private mutating func parseString() throws(Failure) -> String {
        let start = position
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek() else { throw fail("unterminated string", at: start) }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let string = String(validating: bytes, as: UTF8.self) else {
                    throw fail("string is not valid UTF-8", at: start)
                }
                return string
            case UInt8(ascii: "\\"): try parseEscape(into: &bytes)
            case 0..<0x20: throw fail("control character in string", at: position - 1)
            default: bytes.append(byte)
            }
        }
    }

    private mutating func parseEscape(into bytes: inout [UInt8]) throws(Failure) {
        guard let byte = peek() else { throw fail("unterminated escape") }
        position += 1
        let simple: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x2F: 0x2F, 0x62: 0x08,
                                      0x66: 0x0C, 0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09]
        if let replacement = simple[byte] { bytes.append(replacement); return }
        guard byte == UInt8(ascii: "u") else { throw fail("invalid escape", at: position - 2) }
        let escapeStart = position - 2
        var code = try parseHex4()
        if (0xD800..<0xDC00).contains(code) {
            guard peek() == UInt8(ascii: "\\") else { throw fail("unpaired surrogate", at: escapeStart) }
            position += 1
            try expect(UInt8(ascii: "u"), "\\u low surrogate")
            let low = try parseHex4()
            guard (0xDC00..<0xE000).contains(low) else { throw fail("unpaired surrogate", at: escapeStart) }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let scalar = Unicode.Scalar(code) else { throw fail("unpaired surrogate", at: escapeStart) }
        bytes.append(contentsOf: String(Character(scalar)).utf8)
    }

    private mutating func parseHex4() throws(Failure) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = peek(), let digit = Self.hexValue(byte) else { throw fail("expected 4 hex digits") }
            code = code << 4 | UInt32(digit)
            position += 1
        }
        return code
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private mutating func parseNumber() throws(Failure) -> String {
        let start = position
        if peek() == UInt8(ascii: "-") { position += 1 }
        if peek() == UInt8(ascii: "0") {
            position += 1
        } else {
            guard digits() > 0 else { throw fail("expected a digit") }
        }
        if peek() == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw fail("expected a digit after '.'") }
        }
        if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
            position += 1
            if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw fail("expected a digit in the exponent") }
        }
        return String(decoding: text[start..<position], as: UTF8.self)
    }

    private mutating func digits() -> Int {
        var count = 0
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { position += 1; count += 1 }
        return count
    }
}
