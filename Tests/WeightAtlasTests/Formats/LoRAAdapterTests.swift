import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// PEFT LoRA adapters trained by PEFT on the real MiniLM weights (Tests/Fixtures/peft, made by
/// make_peft_fixtures.py): every delta's bytes against numpy's in LowRankProduct's order,
/// the summaries against numpy's SVD of the delta.
struct LoRAAdapterTests {
    struct Expected: Decodable {
        var shape: [Int]
        var scale: Double
        var sha256: String
        var norm: Double
        var singular_values: [Double]
    }

    static let folder = Fixtures.root.appendingPathComponent("peft")
    static func expected() throws -> [String: [String: Expected]] {
        try JSONDecoder().decode([String: [String: Expected]].self,
                                 from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    @Test(arguments: ["lora-minilm-r4", "rslora-minilm-r8", "undeclared"])
    func deltasEqualNumpyByteForByte(adapter: String) throws {
        let file = try WeightFiles.open(Self.folder.appendingPathComponent(adapter).path)
        let lora = try #require(file as? LoRAAdapterFile)
        let expected = try #require(try Self.expected()[adapter])
        #expect(Set(lora.modules.map(\.deltaName)) == Set(expected.keys))
        for module in lora.modules {
            let want = try #require(expected[module.deltaName])
            let info = try #require(lora.tensors.first { $0.name == module.deltaName })
            #expect(info.shape == want.shape && module.scale == want.scale, "\(module.name)")
            let bytes = try lora.bytes(of: info)
            #expect(SHA256.tagged(bytes.array) == "sha256:" + want.sha256, "\(module.deltaName)")
            let summary = try #require(lora.summary(module))
            #expect(abs(summary.norm - want.norm) <= 1e-6 * want.norm, "\(module.deltaName): norm \(summary.norm)")
            for (ours, theirs) in zip(summary.singularValues, want.singular_values) {
                #expect(abs(ours - theirs) <= 1e-5 * want.singular_values[0], "\(module.deltaName): σ \(ours) vs \(theirs)")
            }
        }
    }

    @Test func eachDeltaFollowsItsFactorsAndNamesTheBaseModule() throws {
        let lora = try LoRAAdapterFile(directory: Self.folder.appendingPathComponent("lora-minilm-r4").path)
        let names = lora.tensors.map(\.name)
        let b = "base_model.model.encoder.layer.0.attention.self.query.lora_B.weight"
        let at = try #require(names.firstIndex(of: b))
        #expect(names[at + 1] == "encoder.layer.0.attention.self.query.lora_delta")
        #expect(lora.modules.count == 12 && lora.modules.allSatisfy { $0.declared == true && $0.rank == 4 && $0.scale == 2 })
    }

    @Test func rsLoRAScalesByTheSquareRootOfTheRank() throws {
        let lora = try LoRAAdapterFile(directory: Self.folder.appendingPathComponent("rslora-minilm-r8").path)
        #expect(lora.modules.count == 6 && lora.modules.allSatisfy { $0.scale == 16 / Double(8).squareRoot() })
        let summary = try #require(lora.summary(lora.modules[0]))
        #expect(summary.rank == 8 && summary.numericalRank == 8 && summary.effectiveRank > 1 && summary.effectiveRank <= 8)
    }

    @Test func modulesTheConfigDoesNotDeclareAreMarked() throws {
        let lora = try LoRAAdapterFile(directory: Self.folder.appendingPathComponent("undeclared").path)
        #expect(lora.modules.map(\.declared) == [true, false])
    }

    @Test func theConfigFileOpensItsFolder() throws {
        let path = Self.folder.appendingPathComponent("undeclared/adapter_config.json").path
        #expect(try WeightFiles.open(path) is LoRAAdapterFile)
    }

    @Test(arguments: [
        ("encoder.layer.0.attention.self.query.lora_A.weight", "encoder.layer.0.attention.self.query", true, false),
        ("base_model.model.fc.lora_B.default.weight", "fc", false, false),
        ("base_model.model.embed_tokens.lora_embedding_A", "embed_tokens", true, true),
        ("base_model.model.embed_tokens.lora_embedding_B.default", "embed_tokens", false, true),
    ])
    func factorNames(_ tensor: String, _ module: String, _ isA: Bool, _ embedding: Bool) throws {
        let parsed = try #require(LoRAModule.parse(tensor))
        #expect(parsed.module == module && parsed.isA == isA && parsed.embedding == embedding)
    }

    @Test(arguments: ["fc.weight", "lora_A.weight", "fc.lora_A.bias", "fc.lora_A.x.y.weight"])
    func otherNamesAreNoFactors(_ tensor: String) {
        #expect(LoRAModule.parse(tensor) == nil)
    }

    @Test(arguments: [
        (#"{"peft_type": "IA3", "r": 4, "lora_alpha": 8}"#,
         FormatError.Kind.unexpectedValue(field: "\"peft_type\"", expected: "LORA (only LoRA adapters are read)", found: "IA3"), 1),
        (#"{"lora_alpha": 8}"#, .missingField("\"r\" (a positive integer)"), 0),
        (#"{"r": 0, "lora_alpha": 8}"#, .unexpectedValue(field: "\"r\"", expected: "a positive integer", found: "number 0"), 1),
        (#"{"r": 4, "lora_alpha": "8"}"#, .unexpectedValue(field: "\"lora_alpha\"", expected: "a number", found: "string"), 9),
        (#"{"r": 4, "lora_alpha": 8, "target_modules": [1]}"#,
         .unexpectedValue(field: "\"target_modules\"", expected: "an array of strings", found: "an array holding a number 1"), 26),
        (#"{"r": 4, "lora_alpha": 8, "use_rslora": 1}"#,
         .unexpectedValue(field: "\"use_rslora\"", expected: "a bool", found: "number 1"), 26),
        (#"{"r": 4, "lora_alpha": 8, "rank_pattern": {"q": "x"}}"#,
         .unexpectedValue(field: "rank_pattern 'q'", expected: "an integer", found: "string"), 43),
    ])
    func badConfigsNameTheMember(_ json: String, _ kind: FormatError.Kind, _ offset: Int) {
        let bytes = Array(json.utf8)
        let error = bytes.withUnsafeBytes { raw in Result { () throws(FormatError) in try PEFTConfig(json: raw) } }
        guard case .failure(let failure) = error else { Issue.record("\(json) was accepted"); return }
        #expect(failure.kind == kind && failure.offset == offset, "\(failure)")
    }
}
