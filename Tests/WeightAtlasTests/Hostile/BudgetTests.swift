import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Budgets instead of luck (issue 14): each reader bounds the work and memory a file may
/// ask for by the file's size. The invalid fixtures come from make_hostile_budgets.py; the
/// corpus test runs them through the CLI, these check the kind and the budget's arithmetic.
@Suite struct BudgetTests {
    @Test(arguments: [("pickle-shared-dicts-long-names.pt", "pickleLimit", "tensor-name bytes cap"),
                      ("pickle-shared-dicts-many-tensors.pt", "pickleLimit", "tensor count cap"),
                      ("tensor-stride-zero-view-2pow40.pt", "overBudget", "a view of 1099511627776 elements over 1 stored"),
                      ("onnx-initializers-share-one-name.onnx", "duplicateName", "'w' appears twice (first at byte 6)"),
                      ("tflite-subgraphs-share-tensor-vector.tflite", "overBudget", "flatbuffer table and vector reads"),
                      ("tflite-buffers-alias-one-vector.tflite", "overBudget", "counted again for each buffer aliasing them"),
                      ("safetensors-metadata-array.safetensors", "overBudget", "JSON values under \"__metadata__\""),
                      ("gguf-metadata-u8-array.gguf", "overBudget", "up to key 'attack.u8s'"),
                      ("npz-members-inflate-past-budget.npz", "overBudget", "members' bytes once inflated")])
    func hostileFileIsOverItsBudget(_ name: String, _ kind: String, _ words: String) {
        let error = Fixtures.expectFailure(name, kind)
        #expect(error?.description.contains(words) == true, "\(String(describing: error))")
    }

    /// Pickle caps for a pickle of a real checkpoint's size (tiny.pth: 4,725 bytes, 44 tensors,
    /// 746 name bytes) leave it two orders of magnitude of room.
    @Test func pickleCapsScaleWithThePickle() {
        let limits = PickleLimits(size: 4725)
        #expect(limits.tensors == 4725 / 8 + 1024)
        #expect(limits.tensorNameBytes == 16 * 4725 + (1 << 20))
        #expect(PickleLimits(size: 1 << 40).tensorNameBytes == 1 << 30)
    }

    /// A broadcast view may show 16 × its storage, and any view 2^24 elements.
    @Test func viewBudgetIsSixteenTimesTheStorageOrTwoToTheTwentyFour() {
        #expect(TorchTensorLayout.viewBudget(storedElements: 1) == 1 << 24)
        #expect(TorchTensorLayout.viewBudget(storedElements: 1 << 30) == 1 << 34)
        #expect(TorchTensorLayout.viewBudget(storedElements: Int.max / 2) == Int.max)
    }

    /// A small expanded view (position ids broadcast over a batch: stride 0) still opens.
    @Test func smallBroadcastViewOpens() throws {
        let storage = TorchStorageRef(typeName: "torch.FloatStorage", dtype: .f32, key: "0", numel: 512, view: nil, offset: 0)
        let record = TorchTensorRecord(storage: storage, storageOffset: 0, shape: [64, 512], strides: [0, 1], offset: 0)
        let info = try TorchTensorLayout.info(name: "position_ids", record: record, storage: 100..<2148,
                                              byteOrder: .little, format: "pytorch")
        #expect(info.shape == [64, 512] && info.strides == [0, 1] && info.byteRange == 100..<2148)
        let huge = TorchTensorRecord(storage: storage, storageOffset: 0, shape: [1 << 16, 512], strides: [0, 1], offset: 7)
        let error = #expect(throws: FormatError.self) {
            try TorchTensorLayout.info(name: "w", record: huge, storage: 100..<2148, byteOrder: .little, format: "pytorch")
        }
        #expect(error.map { Fixtures.caseName($0.kind) } == "overBudget" && error?.offset == 7, "\(String(describing: error))")
    }

    /// One subgraph listed 10,000 times, listing one tensor 10,000 times: 10^8 table reads
    /// before tables were memoised by offset; now one read of each listing and one tensor.
    /// Opening at all proves it: `FlatBuffers.Budget` refuses more reads than the file's size
    /// + 64 Ki, so 10^8 reads would be `.overBudget`.
    @Test func sharedSubgraphIsReadOnce() throws {
        let path = Fixtures.root.appendingPathComponent("budgets/tflite-one-subgraph-listed-10000-times.tflite").path
        let file = try WeightFiles.open(path)
        let tensors = file.tensors
        #expect(tensors.map(\.name) == ["w"] && tensors.first?.shape == [1])
        #expect(try Fixtures.values(of: tensors[0], in: file) == [1.5])
    }

    /// The JSON budget counts 24 bytes a value: `[1,1,…]` is over a budget its text is far under.
    @Test func jsonBudgetCountsParsedValues() throws {
        let text = Array(("{\"a\":{\"b\":[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]}}").utf8)
        let error = #expect(throws: SyntaxError.self) {
            _ = try text.withUnsafeBytes { bytes throws(SyntaxError) in try JSONParser.parse(bytes, budget: 8 * text.count) }
        }
        #expect(error?.budget == 8 * text.count)
        #expect(error?.message == "JSON values under \"a\".\"b\"")
        _ = try text.withUnsafeBytes { bytes throws(SyntaxError) in try JSONParser.parse(bytes, budget: 40 * text.count) }
        #expect(JSONNode.budget(fileSize: 1 << 20) == (2 << 20) + (4 << 20))
    }

    /// The GGUF metadata budget is 2 × the file + 16 MiB; GGUF and JSON values are held
    /// inline in their arrays (24 bytes), not boxed, as the budgets' estimates assume.
    @Test func metadataBudgetsAndValueSizes() {
        let budget = GGUFMetadataBudget(fileSize: 1000)
        #expect(budget.limit == 2000 + (16 << 20))
        #expect(MemoryLayout<GGUFValue>.stride <= 24)
        #expect(MemoryLayout<JSONNode>.stride <= 24)
    }

    /// Zip members may inflate to 100 × the file + 1 MiB together.
    @Test func zipInflatedBudget() {
        #expect(ZipDirectory.inflatedBudget(fileSize: 1000) == 100_000 + (1 << 20))
        #expect(ZipDirectory.inflatedBudget(fileSize: Int.max / 2) == Int.max)
    }
}
