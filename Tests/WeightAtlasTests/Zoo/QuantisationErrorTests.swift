import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `diff` across precisions of one model (Tests/Fixtures/quantisation, written by
/// make_quantisation_fixtures.py with llama.cpp's own converter and ggml's Q4_K quantiser):
/// Hugging Face names pair with llama.cpp's, Q/K rows are un-permuted, and the error
/// statistics equal numpy's over gguf-py's dequantisation.
@Suite struct QuantisationErrorTests {
    static func path(_ name: String) -> String {
        Fixtures.root.appendingPathComponent("quantisation/" + (name == "hf" ? "hf/model.safetensors" : name)).path
    }

    struct Expected: Decodable {
        struct Pair: Decodable {
            var a: String, b: String
            var tensors: [String: Change]
        }
        struct Change: Decodable {
            var rms: Double, max_abs: Double, relative: Double, max_relative: Double
        }
        var heads: Int, kv_heads: Int
        var pairs: [Pair]
    }

    static func expected() throws -> Expected {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("quantisation/expected.json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    static func close(_ a: Double?, _ b: Double) -> Bool {
        guard let a else { return b == 0 }
        return abs(a - b) <= 1e-9 * max(abs(b), 1e-12)
    }

    @Test(arguments: [0, 1, 2, 3, 4]) func errorsEqualNumpyForEveryPair(_ index: Int) throws {
        let pair = try Self.expected().pairs[index]
        let difference = DifferenceFile(a: try WeightFiles.open(Self.path(pair.a)), b: try WeightFiles.open(Self.path(pair.b)))
        #expect(difference.onlyInA.isEmpty && difference.onlyInB.isEmpty && difference.mismatched.isEmpty,
                "\(difference.onlyInA) \(difference.onlyInB)")
        #expect(Set(difference.tensors.map(\.name)) == Set(pair.tensors.keys))
        for (name, want) in pair.tensors {
            var total = FilterChange()
            try difference.filterChanges(of: name).forEach { total.add($0) }
            #expect(Self.close(total.rms, want.rms) && total.maxAbs == want.max_abs, "\(pair.a) \(pair.b) \(name): \(total.rms) \(want.rms)")
            #expect(Self.close(total.relative, want.relative) && Self.close(total.maxRelative, want.max_relative),
                    "\(pair.a) \(pair.b) \(name): \(String(describing: total.relative)) \(want.relative)")
        }
    }

    @Test func diffJSONNamesTheGGUFTensorAndItsHeads() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["diff", Self.path("hf"), Self.path("q4_k.gguf"), "-o", out, "--backend", "cpu", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/diff.json"))) as! [String: Any]
        let tensors = Dictionary(uniqueKeysWithValues: (json["tensors"] as! [[String: Any]]).map { ($0["name"] as! String, $0) })
        let q = tensors["model.layers.0.self_attn.q_proj.weight"]!, k = tensors["model.layers.0.self_attn.k_proj.weight"]!
        let v = tensors["model.layers.0.self_attn.v_proj.weight"]!
        #expect(q["b_name"] as? String == "blk.0.attn_q.weight" && q["b_rows_unpermuted_heads"] as? Int == 4)
        #expect(k["b_name"] as? String == "blk.0.attn_k.weight" && k["b_rows_unpermuted_heads"] as? Int == 2)
        #expect(v["b_name"] as? String == "blk.0.attn_v.weight" && v["b_rows_unpermuted_heads"] == nil)
        let relative = (q["change"] as! [String: Any])["relative"] as! Double
        #expect(relative > 0.05 && relative < 0.09, "Q4_K's error is about 7% of the weights: \(relative)")
        #expect(FileManager.default.fileExists(atPath: out + "/model.layers.0.self_attn.q_proj.weight.png"))
    }

    /// The same bytes labelled `qwen2` (whose converter does not permute) pair by name but keep
    /// their rows: Q and K then differ by about √2 × their scale, V still by Q8_0's 0.5%.
    @Test func onlyLlamaRowsAreUnpermuted() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let qwen = try Self.patched("q8_0.gguf", "llama", "qwen2", into: folder + "/qwen2.gguf")
        let file = try WeightFiles.open(qwen) as! GGUFFile
        #expect(GGUFHuggingFaceNames(file)?.architecture == "qwen2")
        let difference = DifferenceFile(a: try WeightFiles.open(Self.path("hf")), b: file)
        #expect(difference.onlyInA.isEmpty && difference.counterpart(of: "model.layers.0.self_attn.q_proj.weight")?.rotaryHeads == nil)
        func relative(_ name: String) throws -> Double {
            var total = FilterChange()
            try difference.filterChanges(of: "model.layers.0.self_attn.\(name).weight").forEach { total.add($0) }
            return total.relative ?? 0
        }
        #expect(try relative("q_proj") > 1.2 && relative("k_proj") > 1.2)
        #expect(try relative("v_proj") < 0.01)
    }

    /// A llama GGUF whose metadata lost its head counts: against safetensors its Q and K cannot
    /// be un-permuted, so they are listed, not compared; against another GGUF they pair by
    /// name, rows in the same order.
    @Test func withoutHeadCountsQueryAndKeyAreNotGuessed() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let headless = try Self.patched("q8_0.gguf", "head_count", "head_cnt__", into: folder + "/headless.gguf")
        let file = try WeightFiles.open(headless) as! GGUFFile
        #expect(file.headCounts == nil)
        let fromHF = DifferenceFile(a: try WeightFiles.open(Self.path("hf")), b: file)
        #expect(fromHF.onlyInA.sorted() == ["model.layers.0.self_attn.k_proj.weight", "model.layers.0.self_attn.q_proj.weight"])
        #expect(fromHF.onlyInB.sorted() == ["blk.0.attn_k.weight", "blk.0.attn_q.weight"])
        let fromGGUF = DifferenceFile(a: try WeightFiles.open(Self.path("f16.gguf")), b: file)
        #expect(fromGGUF.onlyInA.isEmpty && fromGGUF.onlyInB.isEmpty && fromGGUF.counterpart(of: "blk.0.attn_q.weight")?.name == "blk.0.attn_q.weight")
        var total = FilterChange()
        try fromGGUF.filterChanges(of: "blk.0.attn_q.weight").forEach { total.add($0) }
        #expect((total.relative ?? 1) < 0.01, "Q8_0's error, rows in the same order: \(String(describing: total.relative))")
    }

    /// `name`'s bytes with every `old` before the first tensor's data replaced by `new` (same length).
    static func patched(_ name: String, _ old: String, _ new: String, into path: String) throws -> String {
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Self.path(name)))
        let dataStart = try WeightFiles.open(Self.path(name)).tensors.map(\.byteRange.lowerBound).min()!
        var header = Data(bytes.prefix(dataStart))
        while let found = header.range(of: Data(old.utf8)) { header.replaceSubrange(found, with: Data(new.utf8)) }
        bytes.replaceSubrange(0..<dataStart, with: header)
        try bytes.write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func rotaryRowsMatchLlamaCppsPermute() {
        typealias P = GGUFHuggingFaceNames.RowPermutation
        // llama.cpp: w.reshape(heads, 2, d/2, …).swapaxes(1, 2): GGUF row h·d + 2i + j ← HF row h·d + j·d/2 + i.
        #expect((0..<8).map { P.huggingFaceRow(of: $0, rows: 8, heads: 2)! } == [0, 2, 1, 3, 4, 6, 5, 7])
        #expect((0..<12).map { P.huggingFaceRow(of: $0, rows: 12, heads: 2)! } == [0, 3, 1, 4, 2, 5, 6, 9, 7, 10, 8, 11])
        for rows in [8, 12, 64, 256] {
            for heads in [1, 2, 4] where rows % (2 * heads) == 0 {
                #expect((0..<rows).allSatisfy { P.ggufRow(of: P.huggingFaceRow(of: $0, rows: rows, heads: heads)!, rows: rows, heads: heads) == $0 })
            }
        }
        #expect(P.huggingFaceRow(of: 0, rows: 6, heads: 2) == nil && !P.rotary(heads: 2).splits(rows: 6))
        #expect(!P.unknown.splits(rows: 8) && P.none.splits(rows: 7))
    }

    @Test func llamaCppNamesMapToHuggingFace() throws {
        let names = try #require(GGUFHuggingFaceNames(try WeightFiles.open(Self.path("f16.gguf")) as! GGUFFile))
        #expect(names.architecture == "llama" && names.heads == 4 && names.kvHeads == 2)
        let cases = [
            ("token_embd.weight", "model.embed_tokens.weight"), ("output.weight", "lm_head.weight"),
            ("output_norm.weight", "model.norm.weight"), ("blk.11.attn_output.weight", "model.layers.11.self_attn.o_proj.weight"),
            ("blk.0.attn_q.bias", "model.layers.0.self_attn.q_proj.bias"), ("blk.3.ffn_down.weight", "model.layers.3.mlp.down_proj.weight"),
            ("blk.2.attn_k_norm.weight", "model.layers.2.self_attn.k_norm.weight"),
        ]
        for (gguf, hf) in cases { #expect(names.huggingFaceName(of: gguf) == hf) }
        for unmapped in ["rope_freqs.weight", "blk.0.ffn_gate_exps.weight", "blk.x.attn_q.weight", "blk.01.attn_q.weight", "blk..attn_q.weight"] {
            #expect(names.huggingFaceName(of: unmapped) == nil, "\(unmapped)")
        }
        #expect(names.permutation(of: "blk.0.attn_q.weight") == .rotary(heads: 4))
        #expect(names.permutation(of: "blk.0.attn_k.bias") == .rotary(heads: 2))
        #expect(names.permutation(of: "blk.0.attn_v.weight") == .none)
    }
}
