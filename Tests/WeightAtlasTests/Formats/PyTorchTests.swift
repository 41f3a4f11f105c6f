import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// PyTorch zip, legacy and TorchScript files read back what numpy computed; broken ones fail
/// with the exact kind.
@Suite struct PyTorchTests {
    @Test(arguments: PyTorchFixtures.names(sharded: false))
    func matchesNumPy(_ name: String) throws {
        let expected = try #require(try PyTorchFixtures.expected()[name])
        try PyTorchFixtures.check(PyTorchFixtures.path(name), against: expected)
    }

    @Test func sniffingPicksTheReader() throws {
        #expect(try WeightFiles.open(PyTorchFixtures.path("state_dict.pt")) is PyTorchZipFile)
        #expect(try WeightFiles.open(PyTorchFixtures.path("lightning.ckpt")) is PyTorchZipFile)
        #expect(try WeightFiles.open(PyTorchFixtures.path("legacy.pt")) is PyTorchLegacyFile)
        #expect(try WeightFiles.open(Fixtures.valid("stored.npz")) is NPZFile)
        let script = try #require(try WeightFiles.open(PyTorchFixtures.path("torchscript.pt")) as? PyTorchZipFile)
        #expect(script.isTorchScript)
        let plain = try #require(try WeightFiles.open(PyTorchFixtures.path("state_dict.pt")) as? PyTorchZipFile)
        #expect(!plain.isTorchScript)
    }

    @Test func transposedTensorKeepsItsStridesAndReadsInLogicalOrder() throws {
        for name in ["state_dict.pt", "legacy.pt", "big-endian.pt"] {
            let file = try WeightFiles.open(PyTorchFixtures.path(name))
            let tensor = try #require(file.tensors.first { $0.name == "fc.weight_t" })
            #expect(tensor.shape == [5, 6])
            #expect(tensor.strides == [1, 5])
            #expect(tensor.byteRange.count == 30 * 4)
            let values = try PyTorchFixtures.values(of: tensor, in: file)
            let stored = try PyTorchFixtures.values(of: TensorInfo(name: "raw", dtype: .f32, shape: [30],
                                                                   byteRange: tensor.byteRange,
                                                                   byteOrder: tensor.byteOrder), in: file)
            for row in 0..<5 { for column in 0..<6 { #expect(values[row * 6 + column] == stored[column * 5 + row]) } }
        }
    }

    @Test func transposedTensorRendersLikeItsContiguousCopy() throws {
        let file = try WeightFiles.open(PyTorchFixtures.path("state_dict.pt"))
        let tensor = try #require(file.tensors.first { $0.name == "fc.weight_t" })
        let copy = TensorRendererTests.MemoryFile(try PyTorchFixtures.values(of: tensor, in: file), shape: tensor.shape)
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let renderer = TensorRenderer(options: RenderOptions(), backend: CPUBackend())
        _ = try renderer.render(tensor, in: file, to: out + "/strided.png")
        _ = try renderer.render(copy.tensors[0], in: copy, to: out + "/copy.png")
        #expect(try PNGImage(path: out + "/strided.png") == PNGImage(path: out + "/copy.png"))
    }

    @Test func viewsOfOneStorageStartAtTheirOffsets() throws {
        let file = try WeightFiles.open(PyTorchFixtures.path("state_dict.pt"))
        let bias = try #require(file.tensors.first { $0.name == "conv1.bias" })
        let running = try #require(file.tensors.first { $0.name == "conv1.running" })
        #expect(running.byteRange.lowerBound == bias.byteRange.lowerBound + 16)
        #expect(bias.byteRange.lowerBound % 64 == 0)
    }

    @Test func bigEndianRecordSetsTheByteOrder() throws {
        let file = try WeightFiles.open(PyTorchFixtures.path("big-endian.pt"))
        #expect(file.tensors.allSatisfy { $0.byteOrder == .big })
    }

    @Test(arguments: [
        ("global-os-system.pt", "unsafePickle"),
        ("global-builtins-eval.pt", "unsafePickle"),
        ("global-subprocess-popen.pt", "unsafePickle"),
        ("standin-hiding-os-system.pt", "unsafePickle"),
        ("global-runpy-run-code.pt", "unsafePickle"),
        ("global-torch-load.pt", "unsafePickle"),
        ("global-functools-partial.pt", "unsafePickle"),
        ("reduce-storage-class.pt", "unsafeCall"),
        ("memo-unset.pt", "malformedPickle"),
        ("deep-nesting.pt", "pickleLimit"),
        ("deep-list-nesting.pt", "pickleLimit"),
        ("truncated-pickle.pt", "truncated"),
        ("storage-offset-past-end.pt", "tensorOutOfBounds"),
        ("stride-outside-storage.pt", "tensorOutOfBounds"),
        ("missing-storage.pt", "badMember"),
        ("storage-shorter-than-numel.pt", "truncated"),
        ("legacy-truncated-storage.pt", "truncated"),
    ])
    func invalid(_ name: String, _ kind: String) {
        Fixtures.expectFailure(name, kind)
    }

    /// Globals outside the allow-list that run nothing are inert stand-ins: a class of the
    /// user's program constructed by NEWOBJ reads as an object without tensors, and the tensors
    /// of a checkpoint holding omegaconf, argparse and numpy objects are all found.
    @Test func standInsKeepTheTensorsAround() throws {
        #expect(try WeightFiles.open(PyTorchFixtures.path("user-class.pt")).tensors.isEmpty)
        let file = try WeightFiles.open(PyTorchFixtures.path("lightning-objects.ckpt"))
        #expect(Set(file.tensors.map(\.name)) == ["state_dict.encoder.conv1.weight", "state_dict.encoder.conv1.bias",
                                                   "hparams_namespace.anchors",
                                                   "callbacks.ModelCheckpoint{'monitor': 'val_loss'}.best_model_score"])
    }

    @Test func refusedGlobalsAreNamedWithTheOpcodeOffset() {
        // data.pkl's data starts at byte 64 (aligned); its GLOBAL follows PROTO.
        let system = Fixtures.expectFailure("global-os-system.pt", "unsafePickle")
        #expect(system?.kind == .unsafePickle(global: "os.system"))
        #expect(system?.offset == 66)
        #expect(Fixtures.expectFailure("global-builtins-eval.pt", "unsafePickle")?.kind == .unsafePickle(global: "builtins.eval"))
        let popen = Fixtures.expectFailure("global-subprocess-popen.pt", "unsafePickle")
        #expect(popen?.kind == .unsafePickle(global: "subprocess.Popen"))
        #expect(popen?.format == PyTorchLegacyFile.formatName)
        #expect(Fixtures.expectFailure("standin-hiding-os-system.pt", "unsafePickle")?.kind == .unsafePickle(global: "os.system"))
        #expect(Fixtures.expectFailure("global-runpy-run-code.pt", "unsafePickle")?.kind == .unsafePickle(global: "runpy._run_code"))
        #expect(Fixtures.expectFailure("global-torch-load.pt", "unsafePickle")?.kind == .unsafePickle(global: "torch.load"))
        #expect(Fixtures.expectFailure("reduce-storage-class.pt", "unsafeCall")?.kind == .unsafeCall("torch.FloatStorage"))
    }

    @Test func brokenTensorsNameTheTensor() {
        #expect(Fixtures.expectFailure("memo-unset.pt", "malformedPickle")?.kind == .malformedPickle("memo index 5 was never set"))
        #expect(Fixtures.expectFailure("missing-storage.pt", "badMember")?.tensor == "w")
        let past = Fixtures.expectFailure("storage-offset-past-end.pt", "tensorOutOfBounds")
        #expect(past?.kind == .tensorOutOfBounds(range: 20..<52, available: 40))
        #expect(past?.tensor == "w")
        let stride = Fixtures.expectFailure("stride-outside-storage.pt", "tensorOutOfBounds")
        #expect(stride?.kind == .tensorOutOfBounds(range: 0..<60, available: 48))
    }
}
