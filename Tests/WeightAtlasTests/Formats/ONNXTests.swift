import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The ONNX reader against models written by onnx.helper (Tests/Fixtures/onnx) and crafted
/// invalid ones (Tests/Fixtures/invalid/*.onnx).
@Suite struct ONNXTests {
    /// What onnx.numpy_helper computed for one tensor (onnx/expected.json).
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var role: String?
        var first: [Double?]
        var min: Double?
        var max: Double?
        var sum: Double
        var nan: Int
    }

    /// Path of `name` in Tests/Fixtures/onnx.
    static func path(_ name: String) -> String { Fixtures.root.appendingPathComponent("onnx/\(name)").path }

    /// onnx/expected.json: file name → tensor name → expectations.
    static func expected() throws -> [String: [String: Expected]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path("expected.json")))
        return try JSONDecoder().decode([String: [String: Expected]].self, from: data)
    }

    static let files: [String] = (try? expected().keys.sorted()) ?? []

    @Test(arguments: files)
    func matchesOnnx(_ name: String) throws {
        let expected = try #require(try Self.expected()[name])
        let file = try WeightFiles.open(Self.path(name))
        #expect(file is ONNXFile)
        #expect(Set(file.tensors.map(\.name)) == Set(expected.keys))
        #expect(file.tensors.count == expected.count)
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name])
            let label = "\(name): \(tensor.name)"
            #expect(tensor.dtype.rawValue == want.dtype, "\(label)")
            #expect(tensor.shape == want.shape, "\(label)")
            #expect(tensor.role?.rawValue == want.role, "\(label)")
            try check(Fixtures.values(of: tensor, in: file), against: want, label: label)
        }
    }

    private func check(_ values: [Float], against want: Expected, label: String) {
        for (value, first) in zip(values, want.first) {
            if let first { #expect(value == Float(first), "\(label): first values") } else { #expect(value.isNaN, "\(label)") }
        }
        let finite = values.filter { !$0.isNaN }
        #expect(values.count - finite.count == want.nan, "\(label): NaN count")
        #expect(finite.min() == want.min.map(Float.init), "\(label): min")
        #expect(finite.max() == want.max.map(Float.init), "\(label): max")
        let sum = finite.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - want.sum) <= 1e-3 + 1e-6 * abs(want.sum), "\(label): sum \(sum) vs \(want.sum)")
    }

    @Test(arguments: [
        ("truncated-varint.onnx", "truncated"),
        ("length-past-end.onnx", "truncated"),
        ("length-past-message.onnx", "malformedHeader"),
        ("overlong-varint.onnx", "malformedHeader"),
        ("group-wire-type.onnx", "malformedHeader"),
        ("no-graph.onnx", "malformedHeader"),
        ("raw-data-size-mismatch.onnx", "sizeMismatch"),
        ("typed-data-count-mismatch.onnx", "sizeMismatch"),
        ("packed-varint-cut.onnx", "malformedHeader"),
        ("negative-dim.onnx", "invalidDimension"),
        ("absurd-dims.onnx", "overflow"),
        ("unknown-data-type.onnx", "unsupportedDType"),
        ("external-data-escapes-folder.onnx", "unsafePath"),
        ("external-data-absolute-path.onnx", "unsafePath"),
        ("external-data-missing-file.onnx", "io"),
        ("external-data-past-end.onnx", "tensorOutOfBounds"),
        ("external-data-length-mismatch.onnx", "sizeMismatch"),
        ("external-data-bad-offset.onnx", "unexpectedValue"),
        ("deep-nesting.onnx", "malformedHeader"),
    ])
    func invalidFixture(_ name: String, _ kind: String) {
        let error = Fixtures.expectFailure(name, kind)
        #expect(error?.format == ONNXFile.formatName)
    }

    @Test func errorsCarryTheEvidence() {
        let raw = Fixtures.expectFailure("raw-data-size-mismatch.onnx", "sizeMismatch")
        #expect(raw?.kind == .sizeMismatch(expected: 24, actual: 20))
        #expect(raw?.tensor == "w")
        #expect(raw?.offset == 15)   // the raw_data field: 2 + graph tag/length 2 + initializer 2 + dims 4 + type 2 + name 3

        let cut = Fixtures.expectFailure("length-past-end.onnx", "truncated")
        #expect(cut?.kind == .truncated(needed: 41, available: 36))
        #expect(cut?.offset == 2)    // the graph field's tag

        let escape = Fixtures.expectFailure("external-data-escapes-folder.onnx", "unsafePath")
        #expect(escape?.description.contains("../x.data") == true)
        #expect(escape?.tensor == "w")

        let past = Fixtures.expectFailure("external-data-past-end.onnx", "tensorOutOfBounds")
        #expect(past?.kind == .tensorOutOfBounds(range: 16..<40, available: 32))

        let deep = Fixtures.expectFailure("deep-nesting.onnx", "malformedHeader")
        #expect(deep?.description.contains("nested deeper than \(ONNX.Graph.maxDepth)") == true)

        let dims = Fixtures.expectFailure("absurd-dims.onnx", "overflow")
        #expect(dims?.tensor == "w")
    }

    @Test func convolutionWeightsCarryTheirRole() throws {
        let file = try WeightFiles.open(Self.path("convnet.onnx"))
        let roles = Dictionary(uniqueKeysWithValues: file.tensors.map { ($0.name, $0.role) })
        #expect(roles["conv.weight"] == .convWeight)
        #expect(roles["deconv.weight"] == .convTransposeWeight)
        #expect(roles["fc.weight"] == .some(nil))
        let control = try WeightFiles.open(Self.path("control-flow.onnx"))
        // consumed by Conv nodes inside the If branches
        #expect(control.tensors.first { $0.name == "outer.conv.weight" }?.role == .convWeight)
    }

    @Test func rawAndExternalDataAreZeroCopy() throws {
        let file = try #require(try WeightFiles.open(Self.path("convnet.onnx")) as? ONNXFile)
        let mapping = try MappedFile(path: file.path)
        let weight = try #require(file.tensors.first)
        #expect(weight.byteRange.upperBound <= mapping.count)
        let first = try file.bytes(of: weight)
        let second = try file.bytes(of: weight)
        #expect(first.address == second.address)
        #expect(first.owner is MappedFile)

        let external = try WeightFiles.open(Self.path("external/model.onnx"))
        let bytes = try external.bytes(of: external.tensors[0])
        #expect((bytes.owner as? MappedFile)?.path.hasSuffix("external/x.data") == true)
    }

    @Test func typedFieldsDecodeIntoBuffersOfTheirOwn() throws {
        let file = try WeightFiles.open(Self.path("typed-fields.onnx"))
        let tensor = try #require(file.tensors.first { $0.name == "unpacked_int32_data" })
        #expect(tensor.byteRange == 0..<4)
        #expect(try Fixtures.values(of: tensor, in: file) == [-128, -1, 0, 127])
        let mixed = try #require(file.tensors.first { $0.name == "mixed_int32_data" })
        #expect(try Fixtures.values(of: mixed, in: file) == [-300, 7, 1000, 2, -1])
    }

    @Test func foreignTensorIsRefused() throws {
        let file = try WeightFiles.open(Self.path("convnet.onnx"))
        var tensor = file.tensors[0]
        tensor.shape = [1]
        #expect(throws: FormatError.self) { try file.bytes(of: tensor) }
    }
}

/// Complex and 4-bit initializers do not stop the model from opening: they are listed as
/// skipped, by the library and by `inspect`.
@Suite struct ONNXSkippedTypeTests {
    let path = Fixtures.root.appendingPathComponent("onnx/skipped-types.onnx").path

    @Test func skippedTensorsAreListedAndTheRestReads() throws {
        let file = try ONNXFile(file: MappedFile(path: path))
        #expect(file.tensors.map(\.name) == ["w"])
        #expect(file.skipped == [SkippedTensor(name: "c", type: "COMPLEX64", shape: [2]),
                                 SkippedTensor(name: "q", type: "INT4", shape: [2, 3])])
        let bytes = try file.bytes(of: file.tensors[0])
        let values = (0..<6).map { bytes.float(at: $0 * 4) }
        #expect(values == [0, 1, 2, 3, 4, 5])
        #expect(try WeightFiles.open(path).skipped.map(\.name) == ["c", "q"])
    }

    @Test func inspectNamesThemAsNotRead() throws {
        let result = try CLI.run(["inspect", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("c  COMPLEX64 (unsupported)  2  not read"))
        #expect(result.stdout.contains("q  INT4 (unsupported)  2x3  not read"))
    }
}
