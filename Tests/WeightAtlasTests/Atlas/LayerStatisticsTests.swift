import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The reduce pass's bookkeeping: the host's path for one-value segments (1×1 kernels as
/// tiles) gives exactly what the backend's one-value segments give.
@Suite struct LayerStatisticsTests {
    static func values(seed: UInt64, count: Int) -> [Float] {
        var rng = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            switch rng.int(0...40) {
            case 0: .nan
            case 1: .infinity
            case 2: -.infinity
            case 3: -0.0
            case 4: 3e38
            default: rng.float(-2, 2)
            }
        }
    }

    @Test(arguments: [(64, 64, 1 as Int?), (64, 4096, 1), (1, 16, nil), (1, 1, nil), (32, 1, 1), (7, 7, 1)] as [(Int, Int, Int?)])
    func singleValueSegmentsMatchTheBackendsSegments(_ filter: Int, _ group: Int, _ tile: Int?) throws {
        let values = Self.values(seed: UInt64(filter * 31 + group), count: 4096 * 3 + 5)
        let units = StatisticsUnits(filter: filter, group: group, tile: tile)
        #expect(units.segment == 1)
        var viaBackend = LayerStatistics(count: values.count, units: units)
        var viaHost = viaBackend
        let backend = CPUBackend()
        // Chunks that cut filters and groups anywhere.
        var start = 0
        for length in [1000, 1, 4095, 3, 7000] where start < values.count {
            let range = start..<min(values.count, start + length)
            try values[range].withUnsafeBufferPointer { chunk in
                viaBackend.add(try backend.reduce(chunk, segmentLength: 1, phase: 0), chunk: range)
                viaHost.addSingleValues(chunk, chunk: range)
            }
            start = range.upperBound
        }
        #expect(viaHost.layer == viaBackend.layer)
        #expect(viaHost.filterMin == viaBackend.filterMin && viaHost.filterMax == viaBackend.filterMax)
        #expect(viaHost.groupMin == viaBackend.groupMin && viaHost.groupMax == viaBackend.groupMax)
        #expect(viaHost.tiles == viaBackend.tiles)
        #expect((viaHost.tiles != nil) == (tile != nil))
    }
}
