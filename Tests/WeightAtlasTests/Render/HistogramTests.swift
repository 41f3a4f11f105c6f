import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// 64-bin histograms against numpy.histogram's own counts (Tests/Fixtures/histogram, made by
/// make_histogram_fixtures.py): values on and one ulp around numpy's linspace edges, ties,
/// NaN/Inf, a constant tensor, a span that overflows Float32, subnormals, and the real
/// BlazeFace sample; on the CPU and on OpenCL.
struct HistogramTests {
    struct Expected: Decodable, Equatable { var lo: Double; var hi: Double; var counts: [Int] }
    struct Entry: Decodable { var name: String; var histogram: Expected? }
    struct Listing: Decodable { var tensors: [Entry] }
    static let folder = Fixtures.root.appendingPathComponent("histogram")

    static func expected() throws -> [String: [String: Expected?]] {
        try JSONDecoder().decode([String: [String: Expected?]].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func inspect(_ path: String, backend: String) throws -> [String: Expected?] {
        let result = try CLI.run(["inspect", path, "--json", "--backend", backend])
        #expect(result.status == 0, "\(result.stderr)")
        let listing = try JSONDecoder().decode(Listing.self, from: Data(result.stdout.utf8))
        return Dictionary(uniqueKeysWithValues: listing.tensors.map { ($0.name, $0.histogram) })
    }

    static let files = [("edges.safetensors", folder.appendingPathComponent("edges.safetensors").path),
                        ("blazeface-short-range.safetensors", Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
                            .appendingPathComponent("Samples/blazeface-short-range.safetensors").path)]

    @Test(arguments: files)
    func countsEqualNumpyOnTheCPU(_ name: String, _ path: String) throws {
        let want = try #require(try Self.expected()[name])
        let ours = try Self.inspect(path, backend: "cpu")
        for (tensor, histogram) in want {
            #expect(ours[tensor] == .some(histogram), "\(name) \(tensor)")
        }
    }

    @Test(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"), arguments: files)
    func openCLCountsEqualTheCPUs(_ name: String, _ path: String) throws {
        #expect(try Self.inspect(path, backend: "opencl") == (try Self.inspect(path, backend: "cpu")))
    }

    @Test(arguments: Array(UInt64(1)...20))
    func theCPUsGuessedBinIsTheKernelsSearchedBin(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let (a, b) = (rng.float(-1e3, 1e3) * Float(1 << rng.int(0...20)), rng.float(-1e3, 1e3))
        let (lo, hi) = (min(a, b), max(a, b))
        let values = (0..<2000).map { _ in lo + (hi - lo) * rng.float(0, 1) }
        Self.expectGuessedBinsAreSearchedBins(values, lo: lo, hi: hi)
    }

    /// The block path trusts ⌊g⌋ without a comparison when g's fraction clears the margin:
    /// on 200,000 values of each range (wide, narrow beside a large magnitude, where the
    /// thresholds are coarser than the bins, and subnormal) every bin equals the search's,
    /// and only the ranges with a usable margin trust guesses (not the coarse thresholds, nor
    /// the subnormal width, whose scale overflows to +∞).
    @Test(arguments: [(-0.2, 0.2, true), (-3.0, 1e-3, true), (1000, 1000.002, false), (1e-40, 3e-39, false), (-7e37, 9e37, true)]
          as [(Float, Float, Bool)])
    func theBlockPathsSureBinsAreTheSearchedBins(_ lo: Float, _ hi: Float, _ trusted: Bool) {
        var rng = SeededGenerator(seed: 11)
        let values = [lo, hi] + (0..<200_000).map { _ in lo + (hi / 2 - lo / 2) * 2 * rng.float(0, 1) }.filter { $0 >= lo && $0 <= hi }
        let t = Histogram.thresholds(Histogram.edges(min: lo, max: hi))
        let (guessLo, scale) = Histogram.guess(t)
        let margin = Histogram.margin(t, lo: guessLo, scale: scale)
        var bins = [UInt8](repeating: 0, count: values.count)
        t.withUnsafeBufferPointer { t in
            values.withUnsafeBufferPointer { x in
                Histogram.bins(of: x.baseAddress!, count: x.count, guessFrom: guessLo, scale: scale, margin: margin, t.baseAddress!, into: &bins)
            }
            let wrong = zip(values, bins).filter { Int($0.1) != Histogram.bin(of: $0.0, t.baseAddress!) }
            #expect(wrong.isEmpty, "\(wrong.prefix(5)) in [\(lo), \(hi)], margin \(margin)")
        }
        #expect((margin < 0.01) == trusted, "margin \(margin) for [\(lo), \(hi)]")
    }

    /// Ranges where the Float32 guess overflows (x − lo beyond Float.max, a scale of +∞ from a
    /// subnormal width) or is far off: the correction still lands on the searched bin.
    @Test(arguments: [(-3e38, 3e38), (-Float.greatestFiniteMagnitude, Float.greatestFiniteMagnitude),
                      (0, Float.leastNonzeroMagnitude * 3), (1, Float(1).nextUp), (-Float.leastNormalMagnitude / 128, Float.leastNormalMagnitude / 128), (1e30, 3e38)] as [(Float, Float)])
    func theGuessSurvivesExtremeRanges(_ lo: Float, _ hi: Float) {
        var rng = SeededGenerator(seed: 7)
        Self.expectGuessedBinsAreSearchedBins((0..<500).map { _ in lo + (hi / 2 - lo / 2) * 2 * rng.float(0, 1) }.filter(\.isFinite),
                                              lo: lo, hi: hi)
    }

    static func expectGuessedBinsAreSearchedBins(_ values: [Float], lo: Float, hi: Float) {
        let t = Histogram.thresholds(Histogram.edges(min: lo, max: hi))
        let scale = Double(t[64]) > Double(t[0]) ? Float(64 / (Double(t[64]) - Double(t[0]))) : 0
        var values = values.filter { $0 >= lo && $0 <= hi }
        for edge in t { values += [edge.nextDown, edge, edge.nextUp].filter { $0 >= lo && $0 <= hi } }
        let block = values + [lo, hi, .nan, .infinity, -.infinity]
        var bins = [UInt8](repeating: 0xFF, count: block.count)
        t.withUnsafeBufferPointer { t in
            for x in values + [lo, hi] {
                #expect(Histogram.bin(of: x, guessFrom: t[0], scale: scale, t.baseAddress!) == Histogram.bin(of: x, t.baseAddress!), "\(x) in [\(lo), \(hi)]")
            }
            // The CPU's block path: the same bins, 64 for the non-finite.
            block.withUnsafeBufferPointer { x in
                Histogram.bins(of: x.baseAddress!, count: x.count, guessFrom: t[0], scale: scale,
                               margin: Histogram.margin(Array(t), lo: t[0], scale: scale), t.baseAddress!, into: &bins)
            }
            for (x, b) in zip(block, bins) {
                #expect(Int(b) == (x.isFinite ? Histogram.bin(of: x, t.baseAddress!) : 64), "\(x) in [\(lo), \(hi)]")
            }
        }
    }

    @Test func thresholdsAreTheSmallestFloatsNotBelowTheEdges() {
        let edges = Histogram.edges(min: -1.3, max: 2.7)
        #expect(edges.count == 65 && edges[0] == Double(Float(-1.3)) && edges[64] == Double(Float(2.7)))
        for (edge, t) in zip(edges, Histogram.thresholds(edges)) {
            #expect(Double(t) >= edge && Double(t.nextDown) < edge)
        }
        #expect(Histogram.edges(min: 4, max: 4).first == 3.5 && Histogram.edges(min: 4, max: 4).last == 4.5)
    }
}
