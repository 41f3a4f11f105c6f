import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// A TFLite model built with flatbuffers (make_tflite_fixtures.py) reads back the values
/// numpy dequantised, its kernels render like their PyTorch-layout copies, and broken
/// models fail with exact kinds.
@Suite struct TFLiteTests {
    static func path(_ name: String) -> String { Fixtures.root.appendingPathComponent("tflite/\(name)").path }

    @Test func matchesNumPy() throws {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("tflite/expected.json"))
        let expected = try #require(try JSONDecoder().decode([String: [String: KerasTests.Expected]].self, from: data)["model.tflite"])
        let file = try WeightFiles.open(Self.path("model.tflite"))
        #expect(file is TFLiteFile)
        #expect(file.tensors.map(\.name) == ["conv/kernel", "conv/bias", "dw/kernel_f16", "dense/weights", "vec"])
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name])
            #expect(tensor.dtype.rawValue == want.dtype && tensor.shape == want.shape, "\(tensor.name)")
            #expect(tensor.role?.rawValue == want.role, "\(tensor.name)")
            let values = try Fixtures.values(of: tensor, in: file)
            for (value, first) in zip(values, want.first) { #expect(value == Float(first), "\(tensor.name)") }
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - want.sum) <= 1e-4 * max(1, abs(want.sum)), "\(tensor.name)")
        }
    }

    @Test func floatTensorsAreZeroCopy() throws {
        let file = try WeightFiles.open(Self.path("model.tflite"))
        let vector = try #require(file.tensors.last)
        #expect(try file.bytes(of: vector).owner is MappedFile)
        #expect(try file.bytes(of: file.tensors[0]).owner is InflatedBuffer)
    }

    @Test(arguments: [("conv/kernel", "conv-oihw.npy"), ("dw/kernel_f16", "depthwise-oihw.npy")])
    func kernelsRenderLikeTheirPyTorchLayout(_ tensor: String, _ reference: String) throws {
        let file = try WeightFiles.open(Self.path("model.tflite"))
        let copy = try WeightFiles.open(Self.path(reference))
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let renderer = TensorRenderer(options: RenderOptions(), backend: CPUBackend())
        _ = try renderer.render(try #require(file.tensors.first { $0.name == tensor }), in: file, to: out + "/tflite.png")
        _ = try renderer.render(copy.tensors[0], in: copy, to: out + "/oihw.png")
        #expect(try PNGImage(path: out + "/tflite.png") == PNGImage(path: out + "/oihw.png"))
    }

    @Test(arguments: [("tflite-truncated.tflite", "truncated"), ("tflite-bad-vtable-offset.tflite", "malformedHeader"),
                      ("tflite-vector-past-end.tflite", "truncated"),
                      ("tflite-buffer-index-out-of-range.tflite", "indexOutOfRange"),
                      ("tflite-quantization-wrong-length.tflite", "malformedHeader")])
    func invalidModelsFailWithTheirKind(_ name: String, _ kind: String) {
        let error = Fixtures.expectFailure(name, kind)
        #expect(error?.format == TFLiteFile.formatName)
    }

    @Test(arguments: ["tflite-truncated.tflite", "tflite-bad-vtable-offset.tflite", "tflite-quantization-wrong-length.tflite"])
    func cliExitsThree(_ name: String) throws {
        let result = try CLI.run(["inspect", Fixtures.invalid(name)])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("at byte"))
    }
}
