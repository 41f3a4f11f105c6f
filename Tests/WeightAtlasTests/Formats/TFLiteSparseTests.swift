import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Sparse TFLite tensors (Tests/Fixtures/make_tflite_sparse_fixtures.py) densified to the
/// arrays the script encoded: CSR, block-sparse and a sparse OHWI conv kernel.
@Suite struct TFLiteSparseTests {
    static let path = Fixtures.root.appendingPathComponent("tflite/sparse.tflite").path

    struct Expected: Decodable { var shape: [Int]; var values: [Float] }

    @Test(arguments: ["csr", "blocked", "conv/ohwi"])
    func densifiedValuesAreTheEncodedArray(_ name: String) throws {
        let data = try Data(contentsOf: Fixtures.root.appendingPathComponent("tflite/sparse-expected.json"))
        let expected = try #require(try JSONDecoder().decode([String: Expected].self, from: data)[name])
        let file = try WeightFiles.open(Self.path)
        let info = try #require(file.tensors.first { $0.name == name })
        #expect(info.shape == expected.shape)
        #expect(try Fixtures.values(of: info, in: file) == expected.values)
    }

    @Test(arguments: [("tflite-sparse-index-out-of-range.tflite", "an index outside dim"),
                      ("tflite-sparse-segments-decreasing.tflite", "segments"),
                      ("tflite-sparse-expansion-bomb.tflite", "expand to more than")])
    func brokenSparsityIsRefusedNamingTheTensor(_ name: String, _ why: String) throws {
        let error = try #require(Fixtures.expectFailure(name, "malformedHeader"))
        #expect(error.description.contains(why), "\(error)")
        #expect(error.tensor != nil, "\(error)")
    }
}
