// The subset of Python literal syntax that `.npy` headers use (numpy writes them with
// `repr` and reads them with `ast.literal_eval`):
//
//   literal = ws ( dict | tuple | list | string | integer | "True" | "False" | "None" ) ws
//   dict    = "{" [ string ":" literal *( "," string ":" literal ) [ "," ] ] "}"
//   tuple   = "(" [ literal ( "," | *( "," literal ) [ "," ] ) ] ")"
//   list    = "[" [ literal *( "," literal ) [ "," ] ] "]"
//   string  = "'" chars "'" | '"' chars '"'          backslash escapes the next byte
//   integer = [ "-" | "+" ] 1*digit [ "L" ]          (Python 2 longs end in L)
//   ws      = *( space | tab | LF | CR )
//
// A parenthesised single value without a comma is that value, as in Python. Nesting is
// capped. Anything else (calls, names, floats) is rejected: this never evaluates code.

/// Parses a Python literal from bytes, reporting the byte offset of the first error.
struct PythonLiteralParser: TextParser {
    typealias Failure = SyntaxError

    /// Deepest nesting accepted.
    static let maxDepth = 32

    let text: UnsafeRawBufferPointer
    var position = 0
    var depth = 0

    private init(text: UnsafeRawBufferPointer) { self.text = text }

    /// Parses `text` as exactly one literal surrounded by optional whitespace.
    /// - Throws: `Failure` with the offset of the first byte outside the grammar.
    static func parse(_ text: UnsafeRawBufferPointer) throws(Failure) -> PythonLiteral {
        var parser = PythonLiteralParser(text: text)
        let value = try parser.parseLiteral()
        parser.skipWhitespace()
        guard parser.position == text.count else { throw parser.fail("unexpected text after the literal") }
        return value
    }

    private mutating func take(_ byte: UInt8) -> Bool {
        skipWhitespace()
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    private mutating func parseLiteral() throws(Failure) -> PythonLiteral {
        skipWhitespace()
        guard let byte = peek() else { throw fail("unexpected end of header, expected a value") }
        switch byte {
        case UInt8(ascii: "{"): return try parseDict()
        case UInt8(ascii: "("), UInt8(ascii: "["): return try parseSequence(closing: byte == UInt8(ascii: "(") ? 0x29 : 0x5D)
        case UInt8(ascii: "'"), UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseInteger()
        default: return try parseName()
        }
    }

    private mutating func enter() throws(Failure) {
        try enterNesting()
        position += 1
    }

    private mutating func parseDict() throws(Failure) -> PythonLiteral {
        try enter()
        var items: [(key: String, value: PythonLiteral)] = []
        while !take(UInt8(ascii: "}")) {
            skipWhitespace()
            let keyOffset = position
            guard peek() == UInt8(ascii: "'") || peek() == UInt8(ascii: "\"") else { throw fail("expected a string key") }
            let key = String(decoding: try parseString(), as: UTF8.self)
            guard !items.contains(where: { $0.key == key }) else { throw fail("duplicate key '\(key)'", at: keyOffset) }
            guard take(UInt8(ascii: ":")) else { throw fail("expected ':' after a key") }
            items.append((key, try parseLiteral()))
            if take(UInt8(ascii: "}")) { break }
            guard take(UInt8(ascii: ",")) else { throw fail("expected ',' or '}' in a dict") }
        }
        depth -= 1
        return .dict(items)
    }

    private mutating func parseSequence(closing: UInt8) throws(Failure) -> PythonLiteral {
        try enter()
        var items: [PythonLiteral] = []
        var sawComma = false
        while !take(closing) {
            items.append(try parseLiteral())
            if take(closing) { break }
            guard take(UInt8(ascii: ",")) else { throw fail("expected ',' or '\(Character(Unicode.Scalar(closing)))'") }
            sawComma = true
        }
        depth -= 1
        if closing == UInt8(ascii: "]") { return .list(items) }
        // `(x)` is x itself; `(x,)` and `()` are tuples.
        return items.count == 1 && !sawComma ? items[0] : .tuple(items)
    }

    private mutating func parseString() throws(Failure) -> [UInt8] {
        let start = position
        let quote = text[position]
        position += 1
        var bytes: [UInt8] = []
        while true {
            guard let byte = peek(), byte != 0x0A else { throw fail("unterminated string", at: start) }
            position += 1
            if byte == quote { return bytes }
            if byte == UInt8(ascii: "\\") {
                guard let escaped = peek() else { throw fail("unterminated string", at: start) }
                position += 1
                bytes.append(escaped)
            } else {
                bytes.append(byte)
            }
        }
    }

    private mutating func parseInteger() throws(Failure) -> PythonLiteral {
        let start = position
        var digits = ""
        if let sign = peek(), sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            if sign == UInt8(ascii: "-") { digits.append("-") }
            position += 1
        }
        while let byte = peek(), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
            digits.append(Character(Unicode.Scalar(byte)))
            position += 1
        }
        guard digits.last?.isNumber == true else { throw fail("expected digits", at: start) }
        if peek() == UInt8(ascii: "L") { position += 1 }
        if let byte = peek(), byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
            || byte == UInt8(ascii: "j") || byte == UInt8(ascii: "_") {
            throw fail("only integers are allowed", at: start)
        }
        return .integer(digits)
    }

    private mutating func parseName() throws(Failure) -> PythonLiteral {
        let start = position
        var name = ""
        while let byte = peek(), byte == UInt8(ascii: "_") || (byte < 0x80 && Character(Unicode.Scalar(byte)).isLetter) {
            name.append(Character(Unicode.Scalar(byte)))
            position += 1
        }
        switch name {
        case "True": return .bool(true)
        case "False": return .bool(false)
        case "None": return .none
        default: throw fail(name.isEmpty ? "unexpected character" : "'\(name)' is not a literal", at: start)
        }
    }
}
