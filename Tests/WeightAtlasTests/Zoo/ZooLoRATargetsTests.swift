import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `zoo` over LoRA adapter folders: each folder is one model, and `lora-targets` fails a delta
/// whose module the adapter's config does not declare.
@Suite struct ZooLoRATargetsTests {
    @Test func anUndeclaredModuleFailsAndDeclaredOnesPass() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let zoo = out + "/adapters"
        try FileManager.default.createDirectory(atPath: zoo, withIntermediateDirectories: true)
        for adapter in ["lora-minilm-r4", "undeclared"] {
            try FileManager.default.copyItem(atPath: LoRAAdapterTests.folder.appendingPathComponent(adapter).path, toPath: zoo + "/" + adapter)
        }
        let result = try CLI.run(["zoo", zoo, "-o", out + "/atlas", "--backend", "cpu", "--quiet"])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try ZooDocument(contentsOf: out + "/atlas/zoo.json")
        #expect(document.models.map(\.path) == ["lora-minilm-r4", "undeclared"])
        let failures = document.models.flatMap { entry in entry.failures.map { "\(entry.path) \($0.check) \($0.tensor ?? "-") \($0.detail)" } }
        #expect(failures == ["undeclared lora-targets layer.0.value.lora_delta module 'layer.0.value' not in the config's target_modules"])
        let declared = document.models[0].checks.filter { $0.check == .loraTargets }
        #expect(declared.count == 12 && declared.allSatisfy(\.passed))
        let skipped = try CLI.run(["zoo", zoo, "-o", out + "/skipped", "--backend", "cpu", "--quiet", "--skip-check", "lora-targets"])
        #expect(skipped.status == 0, "\(skipped.stderr)")
    }
}
