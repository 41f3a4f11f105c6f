import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct NumPyTests {
    @Test(arguments: [
        ("truncated-data.npy", "truncated"),
        ("trailing-data.npy", "uncoveredData"),
        ("bad-magic-version.npy", "unsupportedVersion"),
        ("object-dtype.npy", "unsupportedDType"),
        ("bad-header-dict.npy", "malformedHeader"),
        ("missing-key.npy", "unexpectedValue"),
        ("absurd-dims.npy", "overflow"),
        ("negative-dim.npy", "invalidDimension"),
        ("complex-dtype.npy", "unsupportedDType"),
        ("structured-dtype.npy", "unsupportedDType"),
        ("header-too-large.npy", "headerTooLarge"),
    ])
    func invalidNPY(_ name: String, _ kind: String) {
        Fixtures.expectFailure(name, kind)
    }

    @Test(arguments: [
        ("truncated-central-directory.npz", "truncated"),
        ("no-end-record.npz", "missingField"),
        ("crc-mismatch.npz", "badMember"),
        ("declared-size-lie.npz", "badMember"),
        ("declared-size-bomb.npz", "badMember"),
        ("path-traversal.npz", "badMember"),
        ("duplicate-member.npz", "badMember"),
        ("non-npy-member.npz", "badMember"),
        ("encrypted-member.npz", "badMember"),
        ("bzip2-member.npz", "badMember"),
        ("truncated-member.npz", "truncated"),
        ("corrupt-deflate.npz", "badMember"),
    ])
    func invalidNPZ(_ name: String, _ kind: String) {
        Fixtures.expectFailure(name, kind)
    }

    @Test func objectArraysAreNamedAndNeverRead() {
        let error = Fixtures.expectFailure("object-dtype.npy", "unsupportedDType")
        #expect(error?.kind == .unsupportedDType("|O"))
        #expect(error?.tensor == "object-dtype")
    }

    @Test func lazyFailuresNameTheMember() throws {
        let file = try WeightFiles.open(Fixtures.invalid("crc-mismatch.npz"))   // opening succeeds
        let error = #expect(throws: FormatError.self) { _ = try file.bytes(of: file.tensors[0]) }
        #expect(error?.tensor == "a")
        #expect(error?.description.contains("CRC-32") == true)
    }

    @Test func fortranAndBigEndianAreDescribed() throws {
        let fortran = try WeightFiles.open(Fixtures.valid("i2-fortran-big.npy")).tensors[0]
        #expect(fortran.name == "i2-fortran-big")
        #expect(fortran.order == .columnMajor)
        #expect(fortran.byteOrder == .big)
        #expect(fortran.byteRange.upperBound == (try MappedFile(path: Fixtures.valid("i2-fortran-big.npy")).count))
    }

    @Test func storedMembersAreZeroCopy() throws {
        let file = try WeightFiles.open(Fixtures.valid("zip64.npz"))
        for tensor in file.tensors {
            let bytes = try file.bytes(of: tensor)
            #expect(bytes.count == tensor.byteRange.count)
            #expect((bytes.owner is MappedFile) == (tensor.name != "conv.bias"))   // conv.bias is deflated
        }
    }

    @Test func pythonLiteralHeaders() throws {
        func parse(_ text: String) throws -> PythonLiteral {
            try Array(text.utf8).withUnsafeBytes { try PythonLiteralParser.parse($0) }
        }
        #expect(try parse("{'a': (3, 4,), \"b\": True, 'c': (), 'd': (5,), 'e': 7L}  \n")
            == .dict([("a", .tuple([.integer("3"), .integer("4")])), ("b", .bool(true)), ("c", .tuple([])),
                      ("d", .tuple([.integer("5")])), ("e", .integer("7"))]))
        #expect(throws: PythonLiteralParser.Failure.self) { try parse("{'a': f(1)}") }
        #expect(throws: PythonLiteralParser.Failure.self) { try parse("{'a': 1.5}") }
        #expect(throws: PythonLiteralParser.Failure.self) { try parse("{'a': 1, 'a': 2}") }
    }
}
