/// Text made safe for one line of a terminal or a log: no character in it can move the
/// cursor, start a new line, change colours or reorder what follows.
///
/// C0 controls and DEL become `\n`, `\r`, `\t`, `\e`, `\0` or `\xHH`; C1 controls, the Unicode
/// line and paragraph separators and the bidirectional overrides and isolates (which can make
/// a name display as a different one) become `\u{HHHH}`. Everything else, backslashes
/// included, is kept, so ordinary names and paths print unchanged.
public enum TerminalEscaping {
    /// The escaped text.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{1B}": out += "\\e"
            case "\0": out += "\\0"
            case let c where c.value < 0x20 || c.value == 0x7F: out += "\\x" + hex(c.value, digits: 2)
            case let c where needsEscape(c): out += "\\u{" + hex(c.value, digits: 4) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// True for the characters `escape` rewrites.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0..<0x20, 0x7F...0x9F: true
        case 0x2028, 0x2029: true                       // line and paragraph separators
        case 0x200E, 0x200F, 0x061C: true               // directional marks
        case 0x202A...0x202E, 0x2066...0x2069: true     // bidi embeddings, overrides, isolates
        default: false
        }
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
