import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct SafetensorsTests {
    @Test(arguments: [
        ("truncated-header.safetensors", "truncated"),
        ("header-too-large.safetensors", "headerTooLarge"),
        ("header-length-past-end.safetensors", "truncated"),
        ("bad-json.safetensors", "malformedHeader"),
        ("duplicate-key.safetensors", "malformedHeader"),
        ("unknown-dtype.safetensors", "unsupportedDType"),
        ("shape-size-mismatch.safetensors", "sizeMismatch"),
        ("offsets-out-of-bounds.safetensors", "tensorOutOfBounds"),
        ("overlapping-ranges.safetensors", "overlappingTensors"),
        ("gap-in-data.safetensors", "uncoveredData"),
        ("trailing-data.safetensors", "uncoveredData"),
        ("absurd-dims.safetensors", "overflow"),
        ("negative-dim.safetensors", "invalidDimension"),
        ("fractional-dim.safetensors", "invalidDimension"),
        ("entry-not-object.safetensors", "unexpectedValue"),
        ("deep-nesting.safetensors", "malformedHeader"),
        ("bad-metadata.safetensors", "unexpectedValue"),
    ])
    func invalidFixture(_ name: String, _ kind: String) {
        Fixtures.expectFailure(name, kind)
    }

    @Test func errorsCarryTheEvidence() throws {
        let mismatch = Fixtures.expectFailure("shape-size-mismatch.safetensors", "sizeMismatch")
        #expect(mismatch?.kind == .sizeMismatch(expected: 16, actual: 12))
        #expect(mismatch?.tensor == "a")
        #expect(mismatch?.offset == 9)   // the entry's key, just after the opening brace

        let gap = Fixtures.expectFailure("gap-in-data.safetensors", "uncoveredData")
        #expect(gap?.kind == .uncoveredData(range: 8..<12))
        let header = try headerSize("gap-in-data.safetensors")
        #expect(gap?.offset == 8 + header + 8)

        let overlap = Fixtures.expectFailure("overlapping-ranges.safetensors", "overlappingTensors")
        #expect(overlap?.kind == .overlappingTensors(other: "a"))
        #expect(overlap?.tensor == "b")
        let overlapHeader = try headerSize("overlapping-ranges.safetensors")
        #expect(overlap?.offset == 8 + overlapHeader + 4)

        let json = Fixtures.expectFailure("bad-json.safetensors", "malformedHeader")
        let text = try Data(contentsOf: URL(fileURLWithPath: Fixtures.invalid("bad-json.safetensors")))
        let comma = try #require(text.firstRange(of: Data(",,".utf8))).lowerBound + 1
        #expect(json?.offset == comma)

        let large = Fixtures.expectFailure("header-too-large.safetensors", "headerTooLarge")
        #expect(large?.kind == .headerTooLarge(declared: 200_000_000, limit: 100_000_000))
    }

    @Test func tensorsAreInDataOrderAndZeroCopy() throws {
        let file = try #require(try WeightFiles.open(Fixtures.valid("all-dtypes.safetensors")) as? SafetensorsFile)
        let starts = file.tensors.map(\.byteRange.lowerBound)
        #expect(starts == starts.sorted())
        #expect(file.metadata["source"] == "make_fixtures.py")
        let mapping = try MappedFile(path: file.path)
        let last = try #require(file.tensors.last)
        #expect(last.byteRange.upperBound == mapping.count)
        let first = try file.bytes(of: file.tensors[0])
        let second = try file.bytes(of: file.tensors[0])
        #expect(first.address == second.address)   // a slice of one mapping
    }

    private func headerSize(_ name: String) throws -> Int {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.invalid(name)))
        return data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
    }
}
