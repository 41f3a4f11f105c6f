import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The library pipeline on in-memory tensors: streaming in bands, dtypes, and statistics.
@Suite struct TensorRendererTests {
    /// A one-tensor weight file over an in-memory buffer.
    struct MemoryFile: WeightFile {
        static let formatName = "memory"
        static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool { false }
        init(file: MappedFile) throws(FormatError) { throw FormatError(kind: .unknownFormat) }
        let path = "memory"
        let tensors: [TensorInfo]
        let storage: FloatStorage

        init(_ values: [Float], shape: [Int]) {
            storage = FloatStorage(values)
            tensors = [TensorInfo(name: "w", dtype: .f32, shape: shape, byteRange: 0..<(values.count * 4))]
        }

        func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
            TensorBytes(bytes: UnsafeRawBufferPointer(storage.pointer), owner: storage)
        }
    }

    static func values(_ count: Int, seed: UInt32 = 1) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(Int32(bitPattern: state)) / Float(Int32.max)
        }
    }

    static func render(_ file: MemoryFile, bandBytes: Int, options: RenderOptions = RenderOptions()) throws -> (PNGImage, TensorReport) {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var renderer = TensorRenderer(options: options, backend: CPUBackend())
        renderer.bandBytes = bandBytes
        let report = try renderer.render(file.tensors[0], in: file, to: out + "/w.png")
        return (try PNGImage(path: out + "/w.png"), report)
    }

    @Test func bandsOfAnySizeGiveTheSameImage() throws {
        let file = MemoryFile(Self.values(300 * 3 * 7 * 7), shape: [300, 3, 7, 7])
        let (whole, report) = try Self.render(file, bandBytes: 1 << 30)
        #expect(report.plan.grid!.height > 100)
        for band in [1, 5_000, 100_000] {
            let (banded, _) = try Self.render(file, bandBytes: band)
            #expect(banded == whole, "band of \(band) bytes")
        }
    }

    @Test func heatmapBandsReadOnlyTheirRowsAndGiveTheSameImage() throws {
        // A 300×7 matrix: one tile 7 wide and 300 tall; bands of one row or a few rows each
        // draw from just the matrix rows they show.
        let file = MemoryFile(Self.values(300 * 7, seed: 5), shape: [300, 7])
        var options = RenderOptions()
        options.scale = 3
        let (whole, report) = try Self.render(file, bandBytes: 1 << 30, options: options)
        #expect(report.plan.kind == .heatmap && whole.height == 900)
        for band in [1, 40, 700] {
            #expect(try Self.render(file, bandBytes: band, options: options).0 == whole, "band of \(band) bytes")
        }
        let job = BandJob(grid: report.plan.grid!, rows: 31..<95, groupLength: 2100, params: [GroupParams(lo: 0, hi: 1)],
                          pixelChannels: 1, palette: Palette(colormap: .gray, pad: 0))
        let (narrow, values) = TensorRenderer.narrowed(job)
        #expect(values == (10 * 7)..<(32 * 7) && narrow.rows == 1..<65 && narrow.grid.tileHeight == 22)
    }

    @Test func heatmapBlockReductionIsTheMeanOrMaxAbsOfEachBlock() throws {
        // An 8×6 matrix in 4×4 blocks: a 2×2 image (the right blocks are 4×2, the edge is partial).
        var values = [Float](repeating: 0, count: 48)
        for r in 0..<8 { for c in 0..<6 { values[r * 6 + c] = Float(r * 6 + c) } }
        values[0] = .nan
        let file = MemoryFile(values, shape: [8, 6])
        let info = file.tensors[0]
        let source = ValueSource(bytes: try file.bytes(of: info), info: info, view: StridedView(storedShape: [8, 6], order: .rowMajor))
        func block(_ rows: Range<Int>, _ cols: Range<Int>) -> [Float] {
            var out: [Float] = []
            for r in rows { for c in cols where values[r * 6 + c].isFinite { out.append(values[r * 6 + c]) } }
            return out
        }
        let mean = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 8, cols: 6, blockRows: 4, blockCols: 4, reduction: .mean))
        let blocks: [[Float]] = [block(0..<4, 0..<4), block(0..<4, 4..<6), block(4..<8, 0..<4), block(4..<8, 4..<6)]
        let expected: [Float] = blocks.map { b in Float(b.reduce(0.0) { $0 + Double($1) } / Double(b.count)) }
        #expect(mean == expected)
        let maxabs = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 8, cols: 6, blockRows: 4, blockCols: 4, reduction: .maxabs))
        #expect(maxabs == [21, 23, 45, 47])
        func moments(_ b: [Float]) -> (ms: Double, mean: Double) {
            let n = Double(b.count)
            return (b.reduce(0.0) { $0 + Double($1) * Double($1) } / n, b.reduce(0.0) { $0 + Double($1) } / n)
        }
        let rms = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 8, cols: 6, blockRows: 4, blockCols: 4, reduction: .rms))
        #expect(rms == blocks.map { Float(moments($0).ms.squareRoot()) })
        let std = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 8, cols: 6, blockRows: 4, blockCols: 4, reduction: .std))
        #expect(std == blocks.map { let m = moments($0); return Float((m.ms - m.mean * m.mean).squareRoot()) })
        // --log: log10 |x| of each reduced value; zero at log10 of the smallest Float32; NaN stays.
        let logged = try BlockReducer.reduce(source, plan: HeatmapPlan(rows: 8, cols: 6, blockRows: 1, blockCols: 1, reduction: .mean),
                                             logMagnitude: true)
        #expect(logged[0].isNaN && logged[2] == Float(Foundation.log10(2.0)) && logged[1] == 0)
        #expect(BlockReducer.log10Magnitude(0) == Float(Foundation.log10(Double(Float.leastNonzeroMagnitude))))
    }

    /// A heatmap's default is robust: one outlier does not wash it out, and signed weights
    /// are symmetric about zero on the diverging map; the manifest records the bounds.
    @Test func heatmapsClipAtTheLayersPercentilesByDefault() throws {
        var values = Self.values(64 * 50).map { $0 - 0.5 }
        values[17] = 1000
        let file = MemoryFile(values, shape: [64, 50])
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let report = try TensorRenderer(options: RenderOptions(), backend: CPUBackend()).render(file.tensors[0], in: file, to: out + "/h.png")
        let rendering = try #require(report.rendering)
        #expect(rendering.normalization == .robust(1) && rendering.colormap == .diverging)
        let typical = values.enumerated().filter { $0.offset != 17 }.map { abs($0.element) }.max()!
        #expect(rendering.lo == -rendering.hi! && rendering.hi! <= typical, "\(rendering): the outlier set no bound")
        let image = try PNGImage(path: out + "/h.png")
        #expect(image.channels == 3)
        let logReport = try TensorRenderer(options: { var o = RenderOptions(); o.logMagnitude = true; return o }(), backend: CPUBackend())
            .render(file.tensors[0], in: file, to: out + "/l.png")
        #expect(logReport.rendering?.colormap == .magma && logReport.rendering?.legend.hasPrefix("log10 |x|") == true)
    }

    @Test func statisticsAreOverFiniteValuesInFloat64() throws {
        var values = Self.values(1000)
        values[10] = .nan
        values[20] = .infinity
        values[30] = -.infinity
        let file = MemoryFile(values, shape: [10, 100])
        let report = try TensorRenderer(options: RenderOptions(), backend: CPUBackend()).inspect(file.tensors[0], in: file)
        let finite = values.filter(\.isFinite).map(Double.init)
        let mean = finite.reduce(0, +) / Double(finite.count)
        let std = (finite.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(finite.count)).squareRoot()
        #expect(report.stats.nan == 1 && report.stats.inf == 2 && report.stats.finite == 997)
        #expect(report.stats.min == values.filter(\.isFinite).min() && report.stats.max == values.filter(\.isFinite).max())
        #expect(abs(report.stats.mean! - mean) < 1e-6 && abs(report.stats.std! - std) < 1e-6)
    }

    @Test func deadFiltersAreCountedAndRenderBlack() throws {
        var values = Self.values(4 * 3 * 3 * 3)
        for i in 27..<54 { values[i] = 0.5 }
        let (image, report) = try Self.render(MemoryFile(values, shape: [4, 3, 3, 3]), bandBytes: 1 << 20)
        #expect(report.deadFilters == 1)
        let origin = report.plan.grid!.origin(ofTile: 1)
        #expect(image.pixel(x: origin.x + 2, y: origin.y + 2) == [0, 0, 0])
    }
}
