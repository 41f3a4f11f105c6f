/// Text made safe for HTML and XML 1.0 text and attribute values: the five special characters
/// as entities, tab/newline/return as character references, and characters XML 1.0 cannot
/// hold (other controls, U+FFFE, U+FFFF) replaced by U+FFFD.
public enum MarkupEscaping {
    /// The escaped text.
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += "&#\(scalar.value);"
            case let c where c.value < 0x20 || c.value == 0xFFFE || c.value == 0xFFFF: out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
