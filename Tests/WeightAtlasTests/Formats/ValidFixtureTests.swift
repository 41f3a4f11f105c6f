import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Every valid fixture opens through `WeightFiles.open` and reads back what numpy computed.
@Suite struct ValidFixtureTests {
    static let files: [String] = {
        (try? Fixtures.expected().keys.sorted()) ?? []
    }()

    @Test(arguments: files)
    func matchesNumPy(_ name: String) throws {
        let expected = try #require(try Fixtures.expected()[name])
        let file = try WeightFiles.open(Fixtures.valid(name))
        #expect(Set(file.tensors.map(\.name)) == Set(expected.keys))
        #expect(file.tensors.count == expected.count)
        for tensor in file.tensors {
            let want = try #require(expected[tensor.name])
            #expect(tensor.dtype.rawValue == want.dtype, "\(name): \(tensor.name)")
            #expect(tensor.shape == want.shape, "\(name): \(tensor.name)")
            try check(Fixtures.values(of: tensor, in: file), against: want, label: "\(name): \(tensor.name)")
        }
    }

    private func check(_ values: [Float], against want: Fixtures.Expected, label: String) {
        for (value, first) in zip(values, want.first) {
            if let first {
                #expect(value == Float(first), "\(label): first values")
            } else {
                #expect(value.isNaN, "\(label): first values")
            }
        }
        let finite = values.filter { !$0.isNaN }
        #expect(values.count - finite.count == want.nan, "\(label): NaN count")
        #expect(finite.min() == want.min.map(Float.init), "\(label): min")
        #expect(finite.max() == want.max.map(Float.init), "\(label): max")
        let sum = finite.reduce(0.0) { $0 + Double($1) }
        #expect(abs(sum - want.sum) <= 1e-3 + 1e-6 * abs(want.sum), "\(label): sum \(sum) vs \(want.sum)")
    }

    @Test func sniffingPicksTheReader() throws {
        #expect(try WeightFiles.open(Fixtures.valid("f4.npy")) is NPYFile)
        #expect(try WeightFiles.open(Fixtures.valid("stored.npz")) is NPZFile)
        #expect(try WeightFiles.open(Fixtures.valid("empty.npz")) is NPZFile)
        #expect(try WeightFiles.open(Fixtures.valid("bf16.safetensors")) is SafetensorsFile)
    }

    @Test func unknownFormatNamesTheFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("weightatlas-\(UUID()).bin")
        try Data("hello, not weights".utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = #expect(throws: FormatError.self) { try WeightFiles.open(url.path) }
        #expect(error?.kind == .unknownFormat)
        #expect(error?.description.contains(url.path) == true)
    }
}
