import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Names from a file reach every output escaped for its context: stderr and stdout (one
/// line per message, no control sequence), the zoo's Markdown summary, JUnit XML, the zoo
/// page and the viewer's embedded JSON.
@Suite struct HostileNameTests {
    /// A line break that forges a second message, a screen clear, a carriage return and a NUL.
    static let forging = "a\nweightatlas: all fine\u{1B}[2J\r\0b"
    /// Closes an attribute and adds a handler.
    static let attribute = "x\" onerror=\"alert(1)"
    /// Breaks script data: `<!--<script>` makes a later `</script>` not end the element.
    static let script = "<!--<script>"
    /// Ends a table row, splits a cell, and flips the text's direction.
    static let row = "r\rs|t\u{202E}u"

    /// A safetensors file of 8-bit-ramp F32 matrices (name, rows, cols); `nan` puts a NaN
    /// first in each; `lying` overstates the last tensor's size.
    static func safetensors(_ tensors: [(String, Int, Int)], nan: Bool = false, lying: Bool = false, at path: String) throws {
        try SafetensorsFixture.write(tensors.map { name, rows, cols in
            var values = (0..<(rows * cols)).map { Float($0 % 17) - 8 }
            if nan { values[0] = .nan }
            return SafetensorsFixture.Tensor(name: name, shape: [rows, cols], values: values)
        }, overstate: lying ? 4096 : 0, to: path)
    }

    @Test func anErrorNamingAForgingTensorIsOneEscapedLine() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try Self.safetensors([("ok", 4, 4), (Self.forging, 4, 4)], lying: true, at: folder + "/bad.safetensors")
        let result = try CLI.run(["render", folder + "/bad.safetensors", "-o", folder + "/out", "--quiet", "--backend", "cpu"])
        #expect(result.status == 3)
        #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(result.stderr.contains("tensor 'a\\nweightatlas: all fine\\e[2J\\r\\0b'"), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(result.stderr.debugDescription)")
    }

    @Test func inspectPrintsOneLinePerTensorWithNamesEscaped() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try Self.safetensors([(Self.forging, 4, 4), (Self.row, 2, 2)], at: folder + "/m.safetensors")
        let result = try CLI.run(["inspect", folder + "/m.safetensors", "--backend", "cpu"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 4, "title, header and two tensors: \(result.stdout.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("a\\nweightatlas: all fine\\e[2J\\r\\0b ") }, "\(result.stdout)")
        #expect(lines.contains { $0.hasPrefix("r\\rs|t\\u{202E}u ") }, "\(result.stdout)")
        #expect(!result.stdout.unicodeScalars.contains { TerminalEscaping.needsEscape($0) && $0 != "\n" })
    }

    @Test func zooReportsStayInertWithHostileModelAndTensorNames() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let models = folder + "/models", out = folder + "/out"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let evil = "evil](javascript:alert(4))[.safetensors"
        try Self.safetensors([(Self.attribute, 8, 8), (Self.script, 8, 8), (Self.row, 8, 8)], nan: true, at: models + "/" + evil)
        try Self.safetensors([("fine", 8, 8)], at: models + "/plain.safetensors")
        let result = try CLI.run(["zoo", models, "-o", out, "--quiet", "--backend", "cpu",
                                  "--junit", out + "/junit.xml", "--summary", out + "/summary.md"])
        #expect(result.status == 1, "the NaNs fail a check: \(result.stderr)")

        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        // Only our own tags (one preview per model, a <code> per failed check), no link from a name.
        #expect(summary.components(separatedBy: "<img ").count == 3 && !summary.replacingOccurrences(of: "\\]", with: "").contains("](javascript:") && !summary.contains("\r"), "\(summary)")
        // Every unescaped `<` starts one of our tags, and no tag gained an attribute.
        let text = Array(summary)
        let tags = text.indices.filter { text[$0] == "<" && ($0 == 0 || text[$0 - 1] != "\\") }.map { String(text[$0...].prefix { $0 != ">" }) }
        #expect(tags.allSatisfy { $0.hasPrefix("<img src=") || $0 == "<code" || $0 == "</code" }, "\(tags)")
        #expect(tags.filter { $0.hasPrefix("<img") }.allSatisfy { !$0.contains("onerror") || $0.contains("alt=\"x&quot; onerror=&quot;") }, "\(tags)")
        #expect(summary.contains("evil\\](javascript:alert(4))\\[.safetensors"), "\(summary)")
        #expect(summary.contains("alt=\"x&quot; onerror=&quot;alert(1)\""), "\(summary)")
        // Every row of the models table has its six pipes: nothing split or joined a row.
        let rows = summary.split(separator: "\n").filter { $0.hasPrefix("| ✅") || $0.hasPrefix("| ❌") }
        #expect(rows.count == 2 && rows.allSatisfy { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count == 6 }, "\(rows)")

        let junit = try Data(contentsOf: URL(fileURLWithPath: out + "/junit.xml"))
        #expect(XMLParser(data: junit).parse(), "junit.xml is not well-formed XML")

        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(!page.contains("onerror=\"") && !page.contains(Self.script) && page.components(separatedBy: "<script>").count == 2)

        let viewer = try String(contentsOfFile: out + "/" + ZooFolderNames.names(for: [evil, "plain.safetensors"])[0] + "/index.html", encoding: .utf8)
        let start = try #require(viewer.range(of: "<script type=\"application/json\" id=\"manifest\">"))
        let end = try #require(viewer[start.upperBound...].range(of: "</script>"))
        let embedded = viewer[start.upperBound..<end.lowerBound]
        #expect(!embedded.contains("<") && !embedded.contains(">") && !embedded.contains("&"))
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(embedded.utf8)) as? [String: Any])
        let names = (manifest["tensors"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(Set(names) == [Self.attribute, Self.script, Self.row], "\(names)")
    }

    @Test func terminalEscapingKeepsOrdinaryTextAndShowsEveryControl() {
        #expect(TerminalEscaping.escape("blk.0.attn_q.weight ü 模型 C:\\path") == "blk.0.attn_q.weight ü 模型 C:\\path")
        #expect(TerminalEscaping.escape("\u{7F}\u{1}\u{9B}\u{2028}\u{2066}") == "\\x7F\\x01\\u{009B}\\u{2028}\\u{2066}")
    }

    @Test func markdownEscapingNeutralisesEveryInlineConstruct() {
        #expect(MarkdownEscaping.text("[a](b) *c* _d_ `e` <f> |g| ~h~ $i$ &j; \"k'") ==
                "\\[a\\](b) \\*c\\* \\_d\\_ \\`e\\` \\<f> \\|g\\| \\~h\\~ \\$i\\$ \\&j; \"k'")
        #expect(MarkdownEscaping.path("a b/javascript:x\"y(1).png") == "a%20b/javascript%3Ax%22y%281%29.png")
        #expect(MarkdownEscaping.attribute("a\"|<b>") == "a&quot;&#124;&lt;b&gt;")
    }
}
