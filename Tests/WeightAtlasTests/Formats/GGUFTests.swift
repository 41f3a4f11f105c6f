import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct GGUFTests {
    static let validFiles = ["all-types.gguf", "metadata.gguf", "aligned-64.gguf", "unsupported-type.gguf", "v2.gguf"]

    @Test(arguments: validFiles)
    func opensAndMatchesGGUFPy(_ name: String) throws {
        let expected = try #require(try GGUFFixtures.expected()[name])
        let file = try WeightFiles.open(GGUFFixtures.path(name))
        #expect(type(of: file).formatName == "gguf")
        #expect(Set(file.tensors.map(\.name)) == Set(expected.keys))
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name])
            #expect(tensor.dtype.rawValue == want.dtype, "\(tensor.name)")
            #expect(tensor.shape == want.shape, "\(tensor.name)")
            let values = try Fixtures.values(of: tensor, in: file)
            #expect(values.count == tensor.count)
            #expect(Array(values.prefix(want.bits.count)).map(\.bitPattern) == want.bits, "\(tensor.name)")
            #expect(GGUFFixtures.fnv1a(values) == want.fnv1a, "\(tensor.name): not bit-exact")
            #expect(values.min().map(Double.init) == want.min, "\(tensor.name)")
            #expect(values.max().map(Double.init) == want.max, "\(tensor.name)")
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - want.sum) <= 1e-9 * max(1, abs(want.sum)), "\(tensor.name)")
        }
    }

    @Test func tensorsLieInFileOrderAtAlignedOffsets() throws {
        let file = try #require(try WeightFiles.open(GGUFFixtures.path("aligned-64.gguf")) as? GGUFFile)
        #expect(file.alignment == 64)
        #expect(file.version == 3)
        #expect(file.tensors.map(\.name) == ["a", "b"])
        for tensor in file.tensors { #expect(tensor.byteRange.lowerBound % 64 == 0) }
        #expect(file.tensors[1].byteRange.count == 2 * 34)   // two Q8_0 blocks
        let v2 = try #require(try WeightFiles.open(GGUFFixtures.path("v2.gguf")) as? GGUFFile)
        #expect(v2.version == 2)
    }

    @Test func metadataOfEveryValueType() throws {
        let file = try #require(try WeightFiles.open(GGUFFixtures.path("metadata.gguf")) as? GGUFFile)
        #expect(file.value(forKey: "general.architecture") == .string("fixture"))
        #expect(file.value(forKey: "t.u8") == .u8(200))
        #expect(file.value(forKey: "t.i8") == .i8(-100))
        #expect(file.value(forKey: "t.u16") == .u16(60000))
        #expect(file.value(forKey: "t.i16") == .i16(-30000))
        #expect(file.value(forKey: "t.u32") == .u32(4_000_000_000))
        #expect(file.value(forKey: "t.i32") == .i32(-2_000_000_000))
        #expect(file.value(forKey: "t.f32") == .f32(1.5))
        #expect(file.value(forKey: "t.bool") == .bool(true))
        #expect(file.value(forKey: "t.string") == .string("héllo"))
        #expect(file.value(forKey: "t.u64") == .u64(1 << 63 + 5))
        #expect(file.value(forKey: "t.i64") == .i64(-(1 << 62)))
        #expect(file.value(forKey: "t.f64") == .f64(-0.25))
        #expect(file.value(forKey: "t.array.i32") == .array(.i32, [.i32(1), .i32(-2), .i32(3)]))
        #expect(file.value(forKey: "t.array.string") == .array(.string, [.string("a"), .string("bc"), .string("")]))
        #expect(file.value(forKey: "t.array.nested")
                == .array(.array, [.array(.i32, [.i32(1), .i32(2)]), .array(.i32, [.i32(3)])]))
        #expect(file.value(forKey: "t.array.f32") == .array(.f32, [.f32(0.5), .f32(2)]))
        #expect(file.value(forKey: "t.array.bool") == .array(.bool, [.bool(true), .bool(false)]))
        #expect(file.metadata.first?.key == "general.architecture")
    }

    @Test func unsupportedTypesAreListedApartAndRefused() throws {
        let file = try #require(try WeightFiles.open(GGUFFixtures.path("unsupported-type.gguf")) as? GGUFFile)
        #expect(file.tensors.map(\.name) == ["a"])
        #expect(file.unsupported.map(\.name) == ["iq4", "tq1"])
        #expect(file.skipped.map(\.typeLabel) == ["IQ4_NL (unsupported)", "TQ1_0 (unsupported)"])
        #expect(file.unsupported[0].shape == [2, 64])
        #expect(file.unsupported[0].byteRange.count == 2 * 2 * 18)
        let error = #expect(throws: FormatError.self) { try file.tensor(named: "iq4") }
        #expect(error?.kind == .unsupportedDType("IQ4_NL"))
        #expect(error?.tensor == "iq4")
        #expect(error?.description.contains("unsupported-type.gguf") == true)
        let forged = TensorInfo(name: "tq1", dtype: .u8, shape: [54], byteRange: file.unsupported[1].byteRange)
        #expect(throws: FormatError.self) { try file.bytes(of: forged) }
        _ = try file.bytes(of: try file.tensor(named: "a"))
    }

    @Test(arguments: [
        ("bad-magic.gguf", "unknownFormat"),
        ("truncated-header.gguf", "truncated"),
        ("version-1.gguf", "unsupportedVersion"),
        ("string-length-past-end.gguf", "truncated"),
        ("tensor-count-huge.gguf", "countExceedsData"),
        ("array-count-huge.gguf", "countExceedsData"),
        ("nested-arrays-too-deep.gguf", "nestedTooDeep"),
        ("unknown-metadata-type.gguf", "unexpectedValue"),
        ("bad-bool.gguf", "unexpectedValue"),
        ("duplicate-key.gguf", "duplicateName"),
        ("bad-alignment.gguf", "unexpectedValue"),
        ("alignment-not-u32.gguf", "unexpectedValue"),
        ("dims-overflow.gguf", "overflow"),
        ("too-many-dims.gguf", "invalidDimension"),
        ("dim-past-int64.gguf", "invalidDimension"),
        ("unknown-tensor-type.gguf", "unsupportedDType"),
        ("partial-block.gguf", "invalidDimension"),
        ("tensor-offset-out-of-bounds.gguf", "tensorOutOfBounds"),
        ("tensor-size-past-end.gguf", "tensorOutOfBounds"),
        ("misaligned-offset.gguf", "misaligned"),
        ("overlapping-tensors.gguf", "overlappingTensors"),
        ("duplicate-tensor-name.gguf", "duplicateName"),
        ("data-section-past-end.gguf", "truncated"),
    ])
    func invalidFixture(_ name: String, _ kind: String) {
        Fixtures.expectFailure(name, kind)
    }

    @Test func errorsCarryTheEvidence() {
        let count = Fixtures.expectFailure("tensor-count-huge.gguf", "countExceedsData")
        #expect(count?.offset == 8)
        #expect(count?.format == "gguf")
        let string = Fixtures.expectFailure("string-length-past-end.gguf", "truncated")
        #expect(string?.offset == 24)
        let overlap = Fixtures.expectFailure("overlapping-tensors.gguf", "overlappingTensors")
        #expect(overlap?.kind == .overlappingTensors(other: "a"))
        #expect(overlap?.tensor == "b")
        let bounds = Fixtures.expectFailure("tensor-offset-out-of-bounds.gguf", "tensorOutOfBounds")
        #expect(bounds?.kind == .tensorOutOfBounds(range: 32..<48, available: 32))
        #expect(bounds?.offset == 24)   // the tensor info, right after the header
        let alignment = Fixtures.expectFailure("bad-alignment.gguf", "unexpectedValue")
        #expect(alignment?.kind == .unexpectedValue(field: "general.alignment", expected: "a power of two", found: "48"))
        let version = Fixtures.expectFailure("version-1.gguf", "unsupportedVersion")
        #expect(version?.offset == 4)
        #expect(version?.kind == .unsupportedVersion(field: "GGUF version", found: "1 (32-bit counts)",
                                                     supported: "little-endian versions 2 and 3 are"))
        #expect(count?.kind == .countExceedsData(field: "tensor count", count: 1 << 62, remaining: 8, fits: 0))
        let type = Fixtures.expectFailure("unknown-tensor-type.gguf", "unsupportedDType")
        #expect(type?.kind == .unsupportedDType("ggml type 4"))
    }
}
