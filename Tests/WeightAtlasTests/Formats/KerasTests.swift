import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Keras 3 archives and legacy .h5 files read back what h5py wrote (make_keras_fixtures.py),
/// their kernels render like the PyTorch-layout copies, and broken files fail with exact kinds.
@Suite struct KerasTests {
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var first: [Double]
        var sum: Double
        var role: String?
    }

    static func path(_ name: String) -> String { Fixtures.root.appendingPathComponent("keras/\(name)").path }

    static func expected() throws -> [String: [String: Expected]] {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("keras/expected.json"))
        return try JSONDecoder().decode([String: [String: Expected]].self, from: data)
    }

    @Test(arguments: ["keras3.keras", "keras3-deflated.keras", "legacy-weights.h5", "legacy-model.h5"])
    func matchesH5py(_ name: String) throws {
        let expected = try #require(try Self.expected()[name])
        let file = try WeightFiles.open(Self.path(name))
        #expect(file is KerasFile)
        #expect(Set(file.tensors.map(\.name)) == Set(expected.keys))
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name], "\(tensor.name)")
            #expect(tensor.dtype.rawValue == want.dtype && tensor.shape == want.shape, "\(tensor.name)")
            #expect(tensor.role?.rawValue == want.role, "\(tensor.name)")
            let values = try Fixtures.values(of: tensor, in: file)
            for (value, first) in zip(values, want.first) { #expect(Double(value) == Double(Float(first)), "\(tensor.name)") }
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - want.sum) <= 1e-4 * max(1, abs(want.sum)), "\(tensor.name)")
        }
    }

    @Test func keras3FollowsTheConfigsLayerOrder() throws {
        let names = try WeightFiles.open(Self.path("keras3.keras")).tensors.map(\.name)
        #expect(names.prefix(3) == ["conv2d/kernel", "conv2d/bias", "depthwise_conv2d/kernel"])
        #expect(names.suffix(3) == ["dense/bias", "conv2d_transpose/kernel", "conv2d_transpose/bias"])
    }

    @Test func storedArchiveIsZeroCopyAndDeflatedOneOwnsItsBytes() throws {
        let stored = try WeightFiles.open(Self.path("keras3.keras"))
        let kernel = try #require(stored.tensors.first)
        let mapping = try MappedFile(path: Self.path("keras3.keras"))
        let bytes = try stored.bytes(of: kernel)
        #expect(bytes.owner is MappedFile)
        #expect(bytes.array == Array(mapping.bytes[kernel.byteRange]))
        let deflated = try WeightFiles.open(Self.path("keras3-deflated.keras"))
        #expect(try deflated.bytes(of: deflated.tensors[0]).owner is InflatedBuffer)
        let chunked = try WeightFiles.open(Self.path("legacy-weights.h5"))
        #expect(try chunked.bytes(of: #require(chunked.tensors.first { $0.name == "dense/kernel" })).owner is InflatedBuffer)
    }

    @Test(arguments: [("keras3.keras", "conv2d/kernel", "conv2d-oihw.npy"),
                      ("legacy-weights.h5", "conv2d/kernel", "conv2d-oihw.npy"),
                      ("keras3.keras", "depthwise_conv2d/kernel", "depthwise-oihw.npy"),
                      ("legacy-model.h5", "depthwise_conv2d/depthwise_kernel", "depthwise-oihw.npy"),
                      ("keras3.keras", "conv2d_transpose/kernel", "conv2d_transpose-oihw.npy"),
                      ("legacy-weights.h5", "conv2d_transpose/kernel", "conv2d_transpose-oihw.npy")])
    func kernelsRenderLikeTheirPyTorchLayout(_ name: String, _ tensor: String, _ reference: String) throws {
        let file = try WeightFiles.open(Self.path(name))
        let copy = try WeightFiles.open(Self.path(reference))
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let renderer = TensorRenderer(options: RenderOptions(), backend: CPUBackend())
        _ = try renderer.render(try #require(file.tensors.first { $0.name == tensor }), in: file, to: out + "/keras.png")
        _ = try renderer.render(copy.tensors[0], in: copy, to: out + "/oihw.png")
        #expect(try PNGImage(path: out + "/keras.png") == PNGImage(path: out + "/oihw.png"))
    }

    @Test func legacyTransposedConvolutionsAreKnownByTheirDefaultNames() {
        #expect(KerasNaming.legacyClass("conv2d_transpose") == "Conv2DTranspose")
        #expect(KerasNaming.legacyClass("conv1d_transpose_12") == "Conv1DTranspose")
        #expect(KerasNaming.legacyClass("conv2d_transpose_x") == nil)
        #expect(KerasNaming.legacyClass("conv2d") == nil)
    }

    @Test(arguments: [("keras-truncated.h5", "truncated"), ("keras-corrupt-object-header.h5", "malformedHeader"),
                      ("keras-external-storage.h5", "badMember"), ("keras-string-dataset.h5", "unsupportedDType"),
                      ("keras-no-weights-member.keras", "badMember"), ("keras-weights-not-hdf5.keras", "unexpectedValue")])
    func invalidFilesFailWithTheirKind(_ name: String, _ kind: String) {
        let error = Fixtures.expectFailure(name, kind)
        #expect(error?.format == KerasFile.formatName)
    }

    @Test func truncatedFileNamesTheEndOfFileAddress() throws {
        let error = Fixtures.expectFailure("keras-truncated.h5", "truncated")
        let size = try MappedFile(path: Self.path("legacy-weights.h5")).count
        #expect(error?.kind == .truncated(needed: size, available: size / 2))
        #expect(error?.offset == 40)
    }

    @Test(arguments: ["keras-truncated.h5", "keras-external-storage.h5", "keras-weights-not-hdf5.keras"])
    func cliExitsThree(_ name: String) throws {
        let result = try CLI.run(["inspect", Fixtures.invalid(name)])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("at byte"))
    }
}
