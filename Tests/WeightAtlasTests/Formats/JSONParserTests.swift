import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONNode {
        try Array(text.utf8).withUnsafeBytes { try JSONParser.parse($0) }
    }

    private func failure(_ text: String) -> JSONParser.Failure? {
        do { _ = try parse(text); return nil } catch { return error as? JSONParser.Failure }
    }

    @Test func acceptsStrictJSON() throws {
        let value = try parse(#" {"a": [1, -2.5e3, true, false, null], "b\u00e9\ud83d\ude00": "x\n"}  "#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["a", "bé😀"])
        #expect(members.map(\.offset) == [2, 39])
    }

    @Test(arguments: [
        (#"{"a": 1,}"#, 8), (#"{"a": 1 "b": 2}"#, 8), (#"{"a": 01}"#, 7), (#"{"a": "\x"}"#, 7),
        (#"{"a": 1, "a": 2}"#, 9), ("{\"a\": \"\u{01}\"}", 7), (#"{"a": tru}"#, 6), (#"{} x"#, 3),
        (#"{"a": "\ud800"}"#, 7), (#"[1, 2"#, 5),
    ])
    func rejectsWithOffset(_ text: String, _ offset: Int) {
        #expect(failure(text)?.offset == offset, "\(text)")
    }

    @Test func capsNesting() {
        let deep = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect(failure(deep)?.message.contains("nesting") == true)
    }
}
