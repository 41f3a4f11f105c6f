import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Per-head statistics of attention projections: a llama-style fixture whose config.json says
/// 4 query and 2 key/value heads, and the real gemma-3-270m GGUF (4 and 1 by its metadata),
/// against numpy / gguf-py (Tests/Fixtures/make_attention_fixtures.py).
struct AttentionHeadsTests {
    struct Head: Decodable { var min, max, mean, std: Double }
    static let folder = Fixtures.root.appendingPathComponent("attention")

    static func check(_ path: String, expected file: String, only: [String] = []) throws {
        let expected = try JSONDecoder().decode([String: [Head]].self, from: Data(contentsOf: folder.appendingPathComponent(file)))
        let result = try CLI.run(["inspect", path, "--json", "--backend", "cpu"] + only.flatMap { ["--tensor", $0] })
        #expect(result.status == 0, "\(result.stderr)")
        struct Entry: Decodable { var name: String; var heads: Int?; var head_stats: [Head]? }
        struct Listing: Decodable { var tensors: [Entry] }
        let tensors = try JSONDecoder().decode(Listing.self, from: Data(result.stdout.utf8)).tensors
        for (name, heads) in expected {
            let entry = try #require(tensors.first { $0.name == name }, "\(name)")
            #expect(entry.heads == heads.count, "\(name)")
            let stats = try #require(entry.head_stats, "\(name)")
            for (h, (ours, theirs)) in zip(stats, heads).enumerated() {
                #expect(ours.min == theirs.min && ours.max == theirs.max, "\(name) head \(h)")
                #expect(abs(ours.mean - theirs.mean) <= 1e-9 + 1e-6 * theirs.std && abs(ours.std - theirs.std) <= 1e-6 * theirs.std,
                        "\(name) head \(h): \(ours) vs \(theirs)")
            }
        }
        #expect(tensors.filter { $0.heads != nil }.count == expected.count, "only the projections get heads")
    }

    @Test func configBesideSafetensorsGivesGroupedQueryHeads() throws {
        try Self.check(Self.folder.appendingPathComponent("model.safetensors").path, expected: "expected.json")
        let file = try WeightFiles.open(Self.folder.appendingPathComponent("model.safetensors").path)
        let info = try #require(file.tensors.first { $0.name.hasSuffix("o_proj.weight") })
        let report = try TensorRenderer(options: RenderOptions(), backend: CPUBackend(workers: 1)).inspect(info, in: file)
        #expect(report.heads?.rows == false && report.heads?.role == .o && report.heads?.heads.count == 4)
    }

    @Test(.enabled(if: RealCorpus.isPresent)) func gemma3HeadsFromItsGGUFMetadata() throws {
        let model = try #require(RealCorpus.model("gemma3-270m-q4km"))
        try Self.check(RealCorpus.path(model), expected: "gemma3.json", only: ["blk.0.attn_*"])
    }

    @Test(arguments: [
        ("blk.3.attn_q.weight", AttentionHeads.Role.q), ("model.layers.0.self_attn.o_proj.weight", .o),
        ("encoder.layer.2.attention.self.key.weight", .k), ("encoder.layer.2.attention.output.dense.weight", .o),
    ])
    func projectionNames(_ name: String, _ role: AttentionHeads.Role) {
        #expect(AttentionHeads.role(of: name) == role)
    }

    @Test func perLayerCountsAndCountsThatDoNotDivide() {
        let heads = AttentionHeads(heads: [2, 4], kvHeads: [1, 2])
        #expect(heads.split("blk.1.attn_q.weight", shape: [8, 6])?.count == 4)
        #expect(heads.split("blk.0.attn_k.weight", shape: [8, 6])?.count == 1)
        #expect(heads.split("blk.0.attn_output.weight", shape: [6, 8])?.rows == false)
        #expect(heads.split("blk.1.attn_q.weight", shape: [6, 6]) == nil, "4 heads do not divide 6 rows")
        #expect(heads.split("blk.9.attn_q.weight", shape: [8, 6]) == nil, "no count for layer 9")
        #expect(heads.split("blk.0.ffn_up.weight", shape: [8, 6]) == nil)
    }
}
