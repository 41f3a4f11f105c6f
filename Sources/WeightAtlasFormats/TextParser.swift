/// A syntax error in a small text grammar (a JSON header, a Python literal): what was
/// expected, and the byte offset from the start of the text.
package struct SyntaxError: Error, Equatable {
    /// What is wrong.
    package var message: String
    /// Byte offset in the text.
    package var offset: Int
    /// The memory budget the parse exceeded, when that is what is wrong (`message` then says
    /// which values).
    package var budget: Int? = nil

    /// An error at `offset`.
    package init(message: String, offset: Int, budget: Int? = nil) {
        self.message = message
        self.offset = offset
        self.budget = budget
    }
}

/// What the hand-written header parsers share: a cursor over the bytes, a nesting depth
/// with a cap, and errors that carry the offset.
protocol TextParser {
    /// The text being parsed.
    var text: UnsafeRawBufferPointer { get }
    /// Offset of the next byte.
    var position: Int { get set }
    /// Current nesting of containers.
    var depth: Int { get set }
    /// Deepest nesting accepted.
    static var maxDepth: Int { get }
}

extension TextParser {
    /// The next byte, or nil at the end.
    func peek() -> UInt8? { position < text.count ? text[position] : nil }

    /// An error at `offset` (default: the current position).
    func fail(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(message: message, offset: offset ?? position)
    }

    /// Skips spaces, tabs, and line breaks.
    mutating func skipWhitespace() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { position += 1 }
    }

    /// Enters one more level of nesting.
    /// - Throws: `SyntaxError` past `maxDepth` (deep nesting is an attack, not a model).
    mutating func enterNesting() throws(SyntaxError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw fail("nesting deeper than \(Self.maxDepth)") }
    }
}
