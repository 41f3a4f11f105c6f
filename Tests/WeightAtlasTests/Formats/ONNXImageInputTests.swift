import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Dense weights an ONNX graph feeds an image (Tests/Fixtures/make_onnx_fixtures.py, image_mlp):
/// their rows become image tiles with no option; the next layer stays a heatmap.
@Suite struct ONNXImageInputTests {
    static let path = Fixtures.root.appendingPathComponent("onnx/image-mlp.onnx").path

    @Test func theGraphSaysWhichDenseRowsAreImages() throws {
        let file = try WeightFiles.open(Self.path)
        let byName = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0) })
        #expect(byName["fc1.weight"]?.inputImage == ImageShape(channels: 1, height: 8, width: 8))
        #expect(byName["fc1.weight"]?.role == nil)
        #expect(byName["fc2.weight"]?.inputImage == nil)
        #expect(byName["w"]?.inputImage == ImageShape(channels: 3, height: 4, width: 4))
        #expect(byName["w"]?.role == .channelsLastKernel, "MatMul's weight is in×out")

        let planner = LayoutPlanner(options: RenderOptions())
        let fc1 = planner.plan(byName["fc1.weight"]!)
        #expect(fc1.kind == .greyTiles && fc1.grid!.tileCount == 16 && fc1.grid!.tileWidth == 8 && fc1.input?.source == .file)
        #expect(planner.plan(byName["fc2.weight"]!).kind == .heatmap)
        let w = planner.plan(byName["w"]!)
        #expect(w.kind == .rgbTiles && w.grid!.tileCount == 5 && w.grid!.tileWidth == 4)
    }

    /// Tile k of `w` is column k of the stored 48×5 matrix, read as 3×4×4.
    @Test func matMulColumnsAreReadAsImages() throws {
        let file = try WeightFiles.open(Self.path)
        let info = file.tensors.first { $0.name == "w" }!
        let stored = try Fixtures.values(of: info, in: file)
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        let view = plan.values
        for (tile, c, y, x) in [(0, 0, 0, 0), (3, 2, 1, 3), (4, 1, 3, 2)] {
            let canonical = [tile, c, y, x]
            let offset = view.origin + zip(canonical, view.strides).map { $0 * $1 }.reduce(0, +)
            #expect(stored[offset] == stored[((c * 4 + y) * 4 + x) * 5 + tile])
        }
    }
}
