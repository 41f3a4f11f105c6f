import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// torchvision's rule (clamp, divide, ×255 + 0.5, truncate) on OpenCL against the CPU, byte
/// for byte, on values placed where a level flips: the kernel's division must be correctly
/// rounded and nothing may be fused for the two to agree there.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct TorchvisionRuleParityTests {
    @Test(arguments: Array(UInt64(1)...120))
    func randomBandAtLevelEdges(seed: UInt64) throws {
        var parity = ParityJob(seed: seed)
        var rng = SeededGenerator(seed: seed &* 7919)
        let job = parity.job
        let first = job.tiles.lowerBound * job.grid.tileElements
        var params: [GroupParams] = []
        for g in job.params.indices {
            let lo = Double(rng.float(-4, 1)), span = Double(rng.float(0, 3)) * (rng.chance(0.1) ? 1e-7 : 1)
            let range = rng.chance(0.2) ? (lo, lo) : (lo, lo + span)
            let p = GroupParams(torchvisionLo: range.0, hi: range.1)
            params.append(p)
            let start = max(g * job.groupLength - first, 0), end = min((g + 1) * job.groupLength - first, parity.values.count)
            guard start < end else { continue }
            for i in start..<end where parity.values[i].isFinite {
                parity.values[i] = Self.edgeValue(p, &rng)
            }
        }
        parity.job.params = params
        _ = try RenderParityTests().compare(parity.job, parity.values, label: "torchvision " + parity.description)
    }

    @Test func everyLevelEdgeOfTheUnitRange() throws {
        // normalize=False (torchvision:0,1): (j − 0.5)/255 and its neighbours for every level j.
        var values: [Float] = []
        for j in 0...256 {
            let x = (Float(j) - 0.5) / 255
            values += [x.nextDown, x, x.nextUp]
        }
        values += [-1, 2, 0, 1]
        let grid = TileGrid(tileCount: 1, tileWidth: values.count, tileHeight: 1, channels: 1, cols: 1, padding: 0, scale: 1)
        let job = BandJob(grid: grid, rows: 0..<1, groupLength: values.count, params: [GroupParams(torchvisionLo: 0, hi: 1)],
                          pixelChannels: 1, palette: Palette(colormap: .gray, pad: 7))
        let pixels = try RenderParityTests().compare(job, values, label: "unit range edges")
        #expect(pixels.suffix(4) == [0, 255, 0, 255])
        #expect(pixels[3 * 128 + 1] == GroupParams(torchvisionLo: 0, hi: 1).level((127.5 as Float) / 255))
    }

    /// A value of the group near where its level flips: lo + (j − 0.5)/255 · d nudged by a few
    /// ulps, or outside the range (clamped), or at its ends.
    static func edgeValue(_ p: GroupParams, _ rng: inout SeededGenerator) -> Float {
        switch rng.int(0...9) {
        case 0: return p.lo - rng.float(0, 2)
        case 1: return p.hi + rng.float(0, 2)
        case 2: return rng.chance(0.5) ? p.lo : p.hi
        default:
            var x = p.lo + (Float(rng.int(0...256)) - 0.5) / 255 * p.d
            for _ in 0..<rng.int(0...3) { x = rng.chance(0.5) ? x.nextUp : x.nextDown }
            return x
        }
    }
}
