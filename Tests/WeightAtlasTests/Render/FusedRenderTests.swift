import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The CPU's one-pass render (measure + draw per tile row) against the two-pass pipeline
/// (reduce everything, then draw): same pixels, same statistics.
@Suite struct FusedRenderTests {
    /// The CPU backend without its fused capability, so the renderer takes the two-pass path.
    final class TwoPass: RenderBackend {
        let cpu = CPUBackend()
        var description: String { "two-pass cpu" }
        func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int) throws(BackendError) -> [SegmentStats] {
            try cpu.reduce(values, segmentLength: segmentLength, phase: phase)
        }
        func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) {
            try cpu.render(job, values: values, into: pixels)
        }
        func takeTimings() -> StageTimings { cpu.takeTimings() }
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var shape: [Int]
        var normalization: Normalization
        var scope: Scope
        var colormap: Colormap?
        var nonFinite: Bool
        var testDescription: String { "\(shape) \(normalization) \(scope) \(colormap?.rawValue ?? "-") nonFinite=\(nonFinite)" }
    }

    static let cases: [Case] = [
        Case(shape: [50, 3, 5, 5], normalization: .minmax, scope: .filter, colormap: nil, nonFinite: false),
        Case(shape: [50, 3, 5, 5], normalization: .symmetric, scope: .kernel, colormap: nil, nonFinite: true),
        Case(shape: [12, 7, 3, 3], normalization: .minmax, scope: .filter, colormap: nil, nonFinite: true),    // grey → RGB retry
        Case(shape: [12, 7, 3, 3], normalization: .symmetric, scope: .kernel, colormap: .magma, nonFinite: false),
        Case(shape: [40, 1, 4, 4], normalization: .minmax, scope: .filter, colormap: .viridis, nonFinite: true),
        Case(shape: [30, 49], normalization: .minmax, scope: .filter, colormap: nil, nonFinite: false),
    ]

    /// The value of tile `t`, channel `c`, row `y`, column `x` read through the plan's view.
    static func value(_ values: [Float], plan: LayoutPlan, tile t: Int, _ c: Int, _ y: Int, _ x: Int) -> Float {
        let grid = plan.grid!
        let canonical = ((t * grid.channels + c) * grid.tileHeight + y) * grid.tileWidth + x
        var rest = canonical, offset = plan.values.origin
        for d in plan.values.shape.indices.reversed() {
            offset += (rest % plan.values.shape[d]) * plan.values.strides[d]
            rest /= plan.values.shape[d]
        }
        return values[offset]
    }

    @Test(arguments: cases)
    func onePassEqualsTwoPasses(_ c: Case) throws {
        var values = TensorRendererTests.values(c.shape.reduce(1, *), seed: 99)
        if c.nonFinite { values[7] = .nan; values[values.count / 2] = -.infinity }
        let file = TensorRendererTests.MemoryFile(values, shape: c.shape)
        var options = RenderOptions()
        options.normalization = c.normalization
        options.scope = c.scope
        options.colormap = c.colormap
        if c.shape == [30, 49] { options.inputShapes = [InputShapeRule(shape: InputShape(channels: 1, height: 7, width: 7))] }
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var fused = TensorRenderer(options: options, backend: CPUBackend())
        var twoPass = TensorRenderer(options: options, backend: TwoPass())
        fused.bandBytes = 40_000    // a few tile rows per band
        twoPass.bandBytes = 1000    // bands that cut through tiles
        #expect(fused.fusable(LayoutPlanner(options: options).plan(file.tensors[0])) != nil)
        let a = try fused.render(file.tensors[0], in: file, to: out + "/a.png")
        let b = try twoPass.render(file.tensors[0], in: file, to: out + "/b.png")
        #expect(try PNGImage(path: out + "/a.png") == PNGImage(path: out + "/b.png"))
        #expect(a.pixelChannels == b.pixelChannels)
        #expect(a.deadFilters == b.deadFilters)
        #expect(a.stats.min == b.stats.min && a.stats.max == b.stats.max && a.stats.nan == b.stats.nan && a.stats.inf == b.stats.inf)
        #expect(abs(a.stats.mean! - b.stats.mean!) < 1e-9)
        #expect(a.tiles?.min == b.tiles?.min && a.tiles?.max == b.tiles?.max && a.tiles?.nonFinite == b.tiles?.nonFinite)
        // Per-tile statistics against the values themselves.
        let grid = a.plan.grid!
        for t in [0, grid.tileCount / 2, grid.tileCount - 1] {
            var reference: [Float] = []
            for channel in 0..<grid.channels {
                for y in 0..<grid.tileHeight {
                    for x in 0..<grid.tileWidth { reference.append(Self.value(values, plan: a.plan, tile: t, channel, y, x)) }
                }
            }
            let finite = reference.filter(\.isFinite)
            #expect(a.tiles!.min[t] == finite.min()! && a.tiles!.max[t] == finite.max()!, "tile \(t)")
            #expect(Int(a.tiles!.nonFinite[t]) == reference.count - finite.count && Int(a.tiles!.finite[t]) == finite.count)
        }
        if c.nonFinite {
            #expect(a.pixelChannels == 3)
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["a.png", "b.png"])
        }
    }
}
