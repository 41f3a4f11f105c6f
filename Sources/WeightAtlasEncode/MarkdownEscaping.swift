/// Text made safe for a GitHub-flavoured Markdown table (a CI step summary), one function per
/// context a name from a file can reach: cell text, an HTML attribute inside a cell, and a
/// link target.
public enum MarkdownEscaping {
    /// The characters that can start inline Markdown, HTML, an entity, math or a cell break,
    /// backslash-escaped. `(`, `)`, `>` and quotes need nothing once `[`, `]` and `<` are
    /// escaped: no link, image, autolink or tag can begin.
    static let significant: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", "|", "~", "&", "$"]

    /// Cell text: shown literally, never a link, image, emphasis, HTML, math or a cell break;
    /// control and bidi characters shown as their escapes (`TerminalEscaping`).
    public static func text(_ text: String) -> String {
        var out = ""
        for scalar in TerminalEscaping.escape(text).unicodeScalars {
            if significant.contains(scalar) { out += "\\" }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// An HTML attribute value inside a cell: `MarkupEscaping` plus the pipe as a character
    /// reference (a raw `|` would split the row before the HTML is read).
    public static func attribute(_ text: String) -> String {
        MarkupEscaping.escape(text).replacingOccurrences(of: "|", with: "&#124;")
    }

    /// A relative path from a file's names as a link target: every byte but letters, digits,
    /// `-._~` and `/` percent-encoded, so it can neither end the link, change its scheme
    /// (`javascript:`) nor leave an attribute.
    public static func path(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + TerminalEscaping.hex(UInt32(byte), digits: 2)
            }
        }
        return out
    }
}
