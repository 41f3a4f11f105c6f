import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Sharded models (an index.json or a directory of shards) open as one file.
@Suite struct ShardedTests {
    @Test(arguments: PyTorchFixtures.names(sharded: true))
    func matchesNumPy(_ name: String) throws {
        let expected = try #require(try PyTorchFixtures.expected()[name])
        try PyTorchFixtures.check(PyTorchFixtures.path(name), against: expected)
    }

    @Test func eachTensorComesFromItsOwnShard() throws {
        let file = try #require(try WeightFiles.open(PyTorchFixtures.path("sharded-safetensors/model.safetensors.index.json")) as? ShardedFile)
        #expect(file.shards.count == 2)
        #expect(file.shards.allSatisfy { $0 is SafetensorsFile })
        for tensor in file.tensors {
            let owner = try #require(file.shards.first { $0.tensors.contains(tensor) })
            let bytes = try file.bytes(of: tensor)
            #expect((bytes.owner as? MappedFile)?.path == owner.path, "\(tensor.name)")
        }
        let bin = try #require(try WeightFiles.open(PyTorchFixtures.path("sharded-bin/pytorch_model.bin.index.json")) as? ShardedFile)
        #expect(bin.shards.allSatisfy { $0 is PyTorchZipFile })
    }

    @Test func aDirectoryWithoutIndexMergesItsShards() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        for name in ["model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"] {
            try FileManager.default.copyItem(atPath: PyTorchFixtures.path("sharded-safetensors/\(name)"), toPath: folder + "/" + name)
        }
        try Data("not weights".utf8).write(to: URL(fileURLWithPath: folder + "/README.md"))
        let file = try WeightFiles.open(folder)
        #expect(file is ShardedFile)
        #expect(file.tensors.map(\.name) == ["embed.weight", "layers.0.weight", "layers.1.weight", "head.bias"])
    }

    @Test func duplicateTensorsAcrossShardsAreRefused() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let shard = PyTorchFixtures.path("sharded-safetensors/model-00001-of-00002.safetensors")
        try FileManager.default.copyItem(atPath: shard, toPath: folder + "/a.safetensors")
        try FileManager.default.copyItem(atPath: shard, toPath: folder + "/b.safetensors")
        let error = #expect(throws: FormatError.self) { try WeightFiles.open(folder) }
        #expect(error?.kind == .duplicateName("embed.weight", first: "in '\(folder)/a.safetensors', again in '\(folder)/b.safetensors'"))
        #expect(error?.tensor == "embed.weight")
    }

    @Test func aWeightMapNamingAMissingTensorIsRefused() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try FileManager.default.copyItem(atPath: PyTorchFixtures.path("sharded-safetensors/model-00001-of-00002.safetensors"),
                                         toPath: folder + "/one.safetensors")
        let index = #"{"metadata": {}, "weight_map": {"embed.weight": "one.safetensors", "ghost": "one.safetensors"}}"#
        try Data(index.utf8).write(to: URL(fileURLWithPath: folder + "/model.safetensors.index.json"))
        let error = #expect(throws: FormatError.self) { try WeightFiles.open(folder + "/model.safetensors.index.json") }
        #expect(error?.kind == .missingField("tensor 'ghost' in 'one.safetensors', where weight_map puts it"))
        #expect(error?.tensor == "ghost")
        #expect(error?.offset == 67)   // the "ghost" key
    }

    @Test func aShardThatIsAnIndexIsRefusedWithoutRecursing() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let index = #"{"weight_map": {"w": "model.safetensors"}}"#
        try Data(index.utf8).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
        let error = #expect(throws: FormatError.self) { try WeightFiles.open(folder + "/model.safetensors") }
        #expect(error?.kind == .unexpectedValue(field: "shard", expected: "a weight file", found: "another index"))
        #expect(error?.file == folder + "/model.safetensors")
    }

    @Test(arguments: ["escaping-shard.safetensors.index.json", "absolute-shard.safetensors.index.json"])
    func shardPathsMustStayInTheFolder(_ name: String) {
        let error = Fixtures.expectFailure(name, "unsafePath")
        #expect(error?.tensor == "w")
        #expect(error?.offset == 32)
    }

    @Test func indexSniffingAndPathRules() {
        let sniff = { (text: String) in Array(text.utf8).withUnsafeBytes { ShardedFile.sniff($0) } }
        #expect(sniff(#"  {"weight_map": {}}"#))
        #expect(!sniff(#"{"metadata": {}}"#))
        #expect(!sniff("weight_map"))
        for bad in ["", "/abs.safetensors", "../up.safetensors", "a/../../b", "a\\b", "a//b"] {
            #expect(!ShardIndex.isSafe(bad), "\(bad)")
        }
        #expect(ShardIndex.isSafe("model-00001-of-00002.safetensors"))
        #expect(ShardIndex.isSafe("sub/model.safetensors"))
    }
}
