import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The PyTorch and sharded fixtures (Tests/Fixtures/pytorch) and what numpy computed for them.
enum PyTorchFixtures {
    /// Path of `name` in Tests/Fixtures/pytorch.
    static func path(_ name: String) -> String { Fixtures.root.appendingPathComponent("pytorch/\(name)").path }

    /// pytorch/expected.json: file (or folder) → tensor name → expectations.
    static func expected() throws -> [String: [String: Fixtures.Expected]] {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("pytorch/expected.json"))
        return try JSONDecoder().decode([String: [String: Fixtures.Expected]].self, from: data)
    }

    /// Names in expected.json, sharded ones (`sharded-…`) or the others.
    static func names(sharded: Bool) -> [String] {
        ((try? expected().keys.sorted()) ?? []).filter { $0.hasPrefix("sharded-") == sharded }
    }

    /// A tensor's values in logical (row-major) order, read through its stored view (strides included).
    static func values(of tensor: TensorInfo, in file: any WeightFile) throws -> [Float] {
        let bytes = try file.bytes(of: tensor)
        #expect(bytes.count == tensor.byteRange.count)
        var values = [Float](repeating: 0, count: tensor.count)
        guard tensor.count > 0 else { return values }
        let conversion = ElementConversion(dtype: tensor.dtype, byteOrder: tensor.byteOrder)
        bytes.withUnsafeBytes { stored in
            values.withUnsafeMutableBufferPointer { out in
                tensor.storedView.read(0..<tensor.count, from: stored.baseAddress!, conversion: conversion, into: out.baseAddress!)
            }
        }
        return values
    }

    /// Opens `path` and checks every tensor against `expected`.
    static func check(_ path: String, against expected: [String: Fixtures.Expected],
                      sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = try WeightFiles.open(path)
        #expect(file.tensors.map(\.name).sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name], sourceLocation: sourceLocation)
            let label = "\(path): \(tensor.name)"
            #expect(tensor.dtype.rawValue == want.dtype, "\(label)", sourceLocation: sourceLocation)
            #expect(tensor.shape == want.shape, "\(label)", sourceLocation: sourceLocation)
            let values = try values(of: tensor, in: file)
            #expect(zip(values, want.first).allSatisfy { $0 == Float($1!) }, "\(label): first \(values.prefix(8))",
                    sourceLocation: sourceLocation)
            #expect(values.min() == want.min.map(Float.init), "\(label): min", sourceLocation: sourceLocation)
            #expect(values.max() == want.max.map(Float.init), "\(label): max", sourceLocation: sourceLocation)
            let sum = values.reduce(0.0) { $0 + Double($1) }
            #expect(abs(sum - want.sum) <= 1e-3 + 1e-6 * abs(want.sum), "\(label): sum \(sum) vs \(want.sum)",
                    sourceLocation: sourceLocation)
        }
    }
}
