import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The zoo page's preview is the model's most telling layer, not its first tensor.
struct ZooPreviewTests {
    /// A manifest tensor entry (an image unless `image` is nil).
    static func tensor(_ name: String, _ shape: [Int], image: Bool = true, grid: (Int, Int) = (10, 10)) -> ManifestTensor {
        ManifestTensor(json: json(name, shape, image: image, grid: grid))!
    }

    /// The same entry as manifest JSON.
    static func json(_ name: String, _ shape: [Int], image: Bool = true, grid: (Int, Int) = (10, 10)) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(name)), ("shape", .array(shape.map { .int($0) }))]
        if image {
            members.append(("image", .string(name + ".png")))
            members.append(("grid", .object([("width", .int(grid.0)), ("height", .int(grid.1))])))
        }
        return .object(members)
    }

    static let positionIDs = tensor("embeddings.position_ids", [1, 512])
    static let layerNorm = tensor("encoder.LayerNorm.weight", [264, 1])
    static let bias = tensor("conv1.bias", [64], image: false)

    @Test func theFirstConvWins() {
        let tensors = [Self.positionIDs, Self.layerNorm, Self.tensor("dense", [4096, 4096]),
                       Self.tensor("conv1.weight", [64, 3, 7, 7], grid: (100, 80)), Self.tensor("conv2.weight", [64, 64, 3, 3])]
        #expect(ZooPreview.choose(tensors) == ZooPreview(tensor: "conv1.weight", image: "conv1.weight.png", width: 100, height: 80))
    }

    @Test func withoutAConvTheLargestMatrixWins() {
        let tensors = [Self.positionIDs, Self.layerNorm, Self.bias, Self.tensor("q", [300, 200]),
                       Self.tensor("k", [200, 300]), Self.tensor("big-no-image", [5000, 5000], image: false)]
        #expect(ZooPreview.choose(tensors)?.tensor == "q", "the first of equal matrices; tensors without images never")
    }

    @Test func otherwiseTheFirstImage() {
        let tensors = [Self.bias, Self.tensor("conv1d", [16, 3, 5]), Self.tensor("conv3d", [8, 3, 3, 3, 3])]
        #expect(ZooPreview.choose(tensors)?.tensor == "conv1d")
        #expect(ZooPreview.choose([Self.bias]) == nil)
        #expect(ZooPreview.choose([]) == nil)
    }

    @Test func aPyramidIsPreviewedByItsOneTileLevel() throws {
        var entry = Self.json("huge", [40000, 512], grid: (512, 40000))
        guard case .object(var members) = entry else { return }
        members[2].1 = .string("huge.dzi")
        members.append(("dzi", .object([("files", .string("huge_files")), ("levels", .int(17)),
                                         ("tile_size", .int(256)), ("format", .string("png"))])))
        entry = .object(members)
        #expect(ZooPreview.choose([try #require(ManifestTensor(json: entry))])?.image == "huge_files/8/0_0.png")
    }

    @Test func aZooEntryUsesIt() {
        let entry = ZooEntry(path: "bert", manifest: .object([("tensors", .array([Self.positionIDs.json, Self.json("w", [30, 40])]))]), checks: [])
        #expect(entry.preview?.tensor == "w")
        #expect(ZooEntry(path: "broken", manifest: nil, checks: []).preview == nil)
    }
}
