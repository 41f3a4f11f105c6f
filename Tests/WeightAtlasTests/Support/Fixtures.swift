import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Locates the committed fixtures (Tests/Fixtures) from this source file, not the working directory.
enum Fixtures {
    /// Tests/Fixtures.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// Path of `name` in Tests/Fixtures/valid.
    static func valid(_ name: String) -> String { root.appendingPathComponent("valid/\(name)").path }

    /// Path of `name` in Tests/Fixtures/invalid.
    static func invalid(_ name: String) -> String { root.appendingPathComponent("invalid/\(name)").path }

    /// What numpy computed for one tensor (valid/expected.json).
    struct Expected: Decodable {
        var dtype: String
        var shape: [Int]
        var first: [Double?]
        var min: Double?
        var max: Double?
        var sum: Double
        var nan: Int
    }

    /// expected.json: file name → tensor name → expectations.
    static func expected() throws -> [String: [String: Expected]] {
        let data = try Data(contentsOf: root.appendingPathComponent("valid/expected.json"))
        return try JSONDecoder().decode([String: [String: Expected]].self, from: data)
    }

    /// Opens `path` and produces every tensor's bytes (so lazy failures surface too).
    static func openAndRead(_ path: String) throws(FormatError) {
        let file = try WeightFiles.open(path)
        for tensor in file.tensors { _ = try file.bytes(of: tensor) }
    }

    /// All of a tensor's values as Float32, in row-major (logical) order.
    static func values(of tensor: TensorInfo, in file: any WeightFile) throws -> [Float] {
        let bytes = try file.bytes(of: tensor)
        #expect(bytes.count == tensor.byteRange.count)
        var values = [Float](repeating: 0, count: tensor.count)
        guard tensor.count > 0 else { return values }
        let view = StridedView(storedShape: tensor.shape, order: tensor.order)
        let conversion = ElementConversion(dtype: tensor.dtype, byteOrder: tensor.byteOrder)
        bytes.withUnsafeBytes { stored in
            values.withUnsafeMutableBufferPointer { out in
                view.read(0..<tensor.count, from: stored.baseAddress!, conversion: conversion, into: out.baseAddress!)
            }
        }
        return values
    }

    /// The name of `kind`'s case, for matching without its payload.
    static func caseName(_ kind: FormatError.Kind) -> String {
        switch kind {
        case .io: "io"
        case .unknownFormat: "unknownFormat"
        case .truncated: "truncated"
        case .headerTooLarge: "headerTooLarge"
        case .malformedHeader: "malformedHeader"
        case .badMagic: "badMagic"
        case .unsupportedVersion: "unsupportedVersion"
        case .unexpectedValue: "unexpectedValue"
        case .missingField: "missingField"
        case .duplicateName: "duplicateName"
        case .countExceedsData: "countExceedsData"
        case .indexOutOfRange: "indexOutOfRange"
        case .misaligned: "misaligned"
        case .nestedTooDeep: "nestedTooDeep"
        case .overflow: "overflow"
        case .unsupportedDType: "unsupportedDType"
        case .sizeMismatch: "sizeMismatch"
        case .tensorOutOfBounds: "tensorOutOfBounds"
        case .overlappingTensors: "overlappingTensors"
        case .uncoveredData: "uncoveredData"
        case .invalidDimension: "invalidDimension"
        case .badMember: "badMember"
        case .unsafePickle: "unsafePickle"
        case .unsafeCall: "unsafeCall"
        case .malformedPickle: "malformedPickle"
        case .pickleLimit: "pickleLimit"
        case .unsafePath: "unsafePath"
        case .notRegularFile: "notRegularFile"
        case .overBudget: "overBudget"
        }
    }

    /// Asserts that opening (and reading) invalid fixture `name` fails with a `kind` error
    /// whose description names the file and which carries an offset. Returns the error.
    @discardableResult
    static func expectFailure(_ name: String, _ kind: String,
                              sourceLocation: SourceLocation = #_sourceLocation) -> FormatError? {
        let error = #expect(throws: FormatError.self, sourceLocation: sourceLocation) {
            try openAndRead(invalid(name))
        }
        guard let error else { return nil }
        #expect(caseName(error.kind) == kind, "\(error)", sourceLocation: sourceLocation)
        #expect(error.description.contains(name), "\(error)", sourceLocation: sourceLocation)
        #expect(error.offset != nil, "\(error)", sourceLocation: sourceLocation)
        return error
    }
}
