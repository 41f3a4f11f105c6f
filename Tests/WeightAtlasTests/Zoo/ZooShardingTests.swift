import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Shards of a zoo: deterministic, stable under added models, read from Slurm and
/// Kubernetes variables, and merged into exactly what one run writes.
@Suite struct ZooShardingTests {
    static let models = ZooCommandTests.models

    @Test func unionOfShardsEqualsAFullRun() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let full = try CLI.run(["zoo", Self.models, "-o", out + "/full", "--backend", "cpu", "-q"])
        #expect(full.status == 1)
        var parts: [String] = []
        for i in 0..<3 {
            let part = out + "/shard-\(i)"
            _ = try CLI.run(["zoo", Self.models, "-o", part, "--shard", "\(i)/3", "--backend", "cpu", "-q"])
            parts.append(part)
        }
        let shardCounts = try parts.map { try ZooDocument(contentsOf: $0 + "/zoo.json").models.count }
        #expect(shardCounts.reduce(0, +) == 9 && shardCounts.allSatisfy { $0 < 9 })
        let merged = try CLI.run(["merge"] + parts + ["-o", out + "/merged", "--junit", out + "/junit.xml"])
        #expect(merged.status == 1, "checks failed in the merged zoo: \(merged.stderr)")
        for file in ["zoo.json", "index.html"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: out + "/full/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: out + "/merged/" + file))
            #expect(a == b, "\(file) differs between the full run and the merge")
        }
        #expect(try tree(out + "/full") == tree(out + "/merged"))
        #expect(JUnitStructure.parse(try Data(contentsOf: URL(fileURLWithPath: out + "/junit.xml")))?.suites.count == 9)
    }

    /// Every file under `root` with its bytes.
    func tree(_ root: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: root)!
        while let name = enumerator.nextObject() as? String {
            var directory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &directory), !directory.boolValue {
                files[name] = try Data(contentsOf: URL(fileURLWithPath: root + "/" + name))
            }
        }
        return files
    }

    @Test func shardsReadSlurmAndKubernetesVariables() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let flag = try CLI.run(["zoo", Self.models, "-o", out + "/flag", "--shard", "1/3", "--backend", "cpu", "-q"])
        let slurm = try CLI.run(["zoo", Self.models, "-o", out + "/slurm", "--backend", "cpu", "-q"],
                                environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_COUNT": "3"])
        let kubernetes = try CLI.run(["zoo", Self.models, "-o", out + "/k8s", "--shards", "3", "--backend", "cpu", "-q"],
                                     environment: ["JOB_COMPLETION_INDEX": "1"])
        #expect([flag.status, slurm.status, kubernetes.status].allSatisfy { $0 <= 1 })
        let expected = try Data(contentsOf: URL(fileURLWithPath: out + "/flag/zoo.json"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/slurm/zoo.json")) == expected)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/k8s/zoo.json")) == expected)
    }

    @Test func shardOfAModelDoesNotMoveWhenModelsAreAdded() throws {
        let paths = (0..<200).map { "family-\($0 % 7)/model-\($0).safetensors" }
        let before = try ZooShard(index: 0, count: 4)
        let chosen = paths.filter(before.contains)
        let more = paths + (200..<400).map { "new/model-\($0).onnx" }
        #expect(more.filter(before.contains).prefix(chosen.count).elementsEqual(chosen))
        #expect(chosen.count > 30 && chosen.count < 70, "a fair share: \(chosen.count)")
        #expect(ZooShard.fnv1a("") == 0xcbf2_9ce4_8422_2325 && ZooShard.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test func folderNamesAreSafeAndUnique() {
        let names = ZooFolderNames.names(for: ["a/b.onnx", "a__b.onnx", "x y/ü.pt", "zoo.json", ".hidden.npy", "A/B.onnx"])
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(names[2] == "x_y___.pt" && names[4] == "_.hidden.npy")
        #expect(names[0].hasPrefix("a__b.onnx-") && names[1].hasPrefix("a__b.onnx-") && names[3].hasPrefix("zoo.json-"))
        #expect(names == ZooFolderNames.names(for: ["a/b.onnx", "a__b.onnx", "x y/ü.pt", "zoo.json", ".hidden.npy", "A/B.onnx"]))
    }

    /// The same output twice is shard 0 of 1 given twice: refused before any model is copied.
    @Test func overlappingShardsCannotBeMerged() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        _ = try CLI.run(["zoo", Self.models + "/nan.safetensors", "-o", out + "/a", "--backend", "cpu", "-q"])
        let result = try CLI.run(["merge", out + "/a", out + "/a", "-o", out + "/m"])
        #expect(result.status == 3 && result.stderr.contains("shard 0/1 given twice"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/m"))
    }
}
