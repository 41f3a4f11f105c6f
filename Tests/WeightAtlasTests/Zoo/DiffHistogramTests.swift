import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `diff` carries A's and B's histograms on one shared range (diff.json and the manifest the
/// viewer draws them from), each equal to a plain count against the Float64 edges.
@Suite struct DiffHistogramTests {
    struct Pair: Decodable { var name: String; var histogram_a: HistogramTests.Expected?; var histogram_b: HistogramTests.Expected? }
    struct Document: Decodable { var tensors: [Pair] }

    /// The bin of each finite value by a linear scan of the edges (numpy's rule, no thresholds).
    static func reference(_ values: [Float], edges: [Double]) -> [Int] {
        var counts = [Int](repeating: 0, count: 64)
        for x in values where x.isFinite {
            let v = Double(x)
            counts[v >= edges[64] ? 63 : (0..<64).last { edges[$0] <= v }!] += 1
        }
        return counts
    }

    @Test func aAndBShareOneRangeAndCountTheirOwnValues() throws {
        let pathA = ZooCommandTests.models + "/good/resnet.safetensors", pathB = ZooCommandTests.models + "/good/resnet-step2.safetensors"
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["diff", pathA, pathB, "-o", out, "--backend", "cpu", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONDecoder().decode(Document.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/diff.json")))
        let manifest = try JSONDecoder().decode(HistogramTests.Listing.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json")))
        let a = try WeightFiles.open(pathA), b = try WeightFiles.open(pathB)
        for pair in document.tensors {
            let valuesA = try Fixtures.values(of: a.tensors.first { $0.name == pair.name }!, in: a)
            let valuesB = try Fixtures.values(of: b.tensors.first { $0.name == pair.name }!, in: b)
            let all = (valuesA + valuesB).filter(\.isFinite)
            let edges = Histogram.edges(min: all.min()!, max: all.max()!)
            let histogramA = try #require(pair.histogram_a), histogramB = try #require(pair.histogram_b)
            #expect(histogramA.lo == edges[0] && histogramB.hi == edges[64] && histogramA.lo == histogramB.lo, "\(pair.name)")
            #expect(histogramA.counts == Self.reference(valuesA, edges: edges), "\(pair.name) A")
            #expect(histogramB.counts == Self.reference(valuesB, edges: edges), "\(pair.name) B")
            #expect(manifest.tensors.contains { $0.name == pair.name && $0.histogram != nil })
        }
        let page = try String(contentsOfFile: out + "/index.html", encoding: .utf8)
        #expect(page.contains("\"histogram_a\"") && page.contains("id=\"histogram\""))
    }
}
