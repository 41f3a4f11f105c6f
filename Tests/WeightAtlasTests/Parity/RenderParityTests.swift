import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// OpenCL rescale+tile against the CPU reference, byte for byte.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct RenderParityTests {
    static let seeds: [UInt64] = Array(1...400)

    @Test(arguments: seeds)
    func randomBand(seed: UInt64) throws {
        try check(ParityJob(seed: seed))
    }

    @Test(arguments: [UInt64(1001), 1002, 1003, 1004, 1005, 1006])
    func largeBand(seed: UInt64) throws {
        try check(ParityJob(seed: seed, large: true))
    }

    /// Mosaics of 32 or more tile columns, which the OpenCL backend draws a cell per work-item.
    @Test(arguments: Array(UInt64(2001)...2024))
    func wideBand(seed: UInt64) throws {
        let parity = ParityJob(seed: seed, wide: true)
        #expect(parity.job.grid.cols >= OpenCLEngine.cellKernelColumns)
        try check(parity)
    }

    @Test func everyTieRoundsToEven() throws {
        // Levels 0.5, 1.5, …, 254.5 in one 16×16 tile: rint must pick the even neighbour.
        let grid = TileGrid(tileCount: 1, tileWidth: 16, tileHeight: 16, channels: 1, cols: 1, padding: 0, scale: 1)
        let values = (0..<256).map { Float($0) + 0.5 }
        let job = BandJob(grid: grid, rows: 0..<16, groupLength: 256, params: [GroupParams(k: 1, lo: 0, s: 1)],
                          pixelChannels: 1, palette: Palette(colormap: .gray, pad: 7))
        let pixels = try compare(job, values, label: "ties")
        #expect(pixels[0] == 0 && pixels[1] == 2 && pixels[2] == 2 && pixels[3] == 4 && pixels[255] == 255)
    }

    @Test func tinySpanRendersTheSameRamp() throws {
        // A span of 1e-37 takes the 2^64 pre-scale (GroupParams): the kernel must agree.
        let grid = TileGrid(tileCount: 1, tileWidth: 5, tileHeight: 1, channels: 1, cols: 1, padding: 0, scale: 1)
        let values: [Float] = [0, 2.5e-38, 5e-38, 7.5e-38, 1e-37]
        let job = BandJob(grid: grid, rows: 0..<1, groupLength: 5, params: [GroupParams(lo: 0, hi: 1e-37)],
                          pixelChannels: 1, palette: Palette(colormap: .gray, pad: 7))
        #expect(try compare(job, values, label: "tiny span") == [0, 64, 127, 191, 255])
    }

    @Test func stageTimingsAreProfiled() throws {
        // Its own backend: the shared one's timings are taken by tests running beside this one.
        let backend = try OpenCLBackend(device: try ParityEnvironment.backend().device)
        let parity = ParityJob(seed: 7, large: true)
        var pixels = [UInt8](repeating: 0, count: parity.job.byteCount)
        try parity.values.withUnsafeBufferPointer { v in
            try pixels.withUnsafeMutableBytes { try backend.render(parity.job, values: v, into: $0) }
            _ = try backend.reduce(v, segmentLength: 100, phase: 3)
        }
        let timings = backend.takeTimings()
        #expect(Set(timings.seconds.keys) == [Stage.upload, .reduce, .rescale, .tile, .download])
        #expect(timings.seconds.values.allSatisfy { $0 >= 0 && $0 < 60 })
        #expect(backend.takeTimings().seconds.isEmpty)
    }

    @Test func transferredBytesAreCountedPerCopy() throws {
        let backend = try OpenCLBackend(device: try ParityEnvironment.backend().device)
        let values = (0..<10_000).map { Float($0 % 97) - 48 }
        let segments = try values.withUnsafeBufferPointer { try backend.reduce($0, segmentLength: 100, phase: 3) }
        // The values up, one SegmentStats per segment down; nothing else.
        let moved = backend.takeTimings().transferredBytes
        #expect(moved == values.count * 4 + segments.count * MemoryLayout<SegmentStats>.stride, "\(moved)")
        #expect(backend.takeTimings().transferredBytes == 0)
        let parity = ParityJob(seed: 7, large: true)
        var pixels = [UInt8](repeating: 0, count: parity.job.byteCount)
        try parity.values.withUnsafeBufferPointer { v in
            try pixels.withUnsafeMutableBytes { try backend.render(parity.job, values: v, into: $0) }
        }
        #expect(backend.takeTimings().transferredBytes >= parity.job.byteCount + parity.values.count * 4)
        let cpu = CPUBackend()
        _ = try values.withUnsafeBufferPointer { try cpu.reduce($0, segmentLength: 100, phase: 3) }
        #expect(cpu.takeTimings().transferredBytes == 0)
    }

    /// With the values' origin, the reduce (in two chunks), the histogram and the render read
    /// one resident copy: every value crosses once, not once per pass, and the pixels, segments
    /// and counts are the same as when each call uploads its own values.
    @Test func aResidentTensorIsUploadedOnce() throws {
        let device = try ParityEnvironment.backend().device
        let parity = ParityJob(seed: 11, large: true)
        let (bytes, info) = TensorBytes.floats(parity.values)
        let source = ValueSource(bytes: bytes, info: info, view: StridedView(shape: [info.count], strides: [1]))
        let half = parity.values.count / 2
        func passes(_ backend: OpenCLBackend, origins: Bool) throws -> (moved: Int, segments: [SegmentStats], counts: [Int], pixels: [UInt8]) {
            var segments: [SegmentStats] = [], counts = [Int](repeating: 0, count: 64)
            var pixels = [UInt8](repeating: 0, count: parity.job.byteCount)
            let thresholds = Histogram.thresholds(Histogram.edges(min: -10, max: 10))
            _ = backend.takeTimings()
            try parity.values.withUnsafeBufferPointer { v in
                for range in [0..<half, half..<v.count] {
                    let chunk = UnsafeBufferPointer(rebasing: v[range])
                    segments += try backend.reduce(chunk, segmentLength: 7, phase: range.lowerBound % 7,
                                                   origin: origins ? ValueOrigin(source, start: range.lowerBound) : nil)
                }
                try backend.countBins(v, thresholds: thresholds, into: &counts, origin: origins ? ValueOrigin(source, start: 0) : nil)
                try pixels.withUnsafeMutableBytes {
                    try backend.render(parity.job, values: v, into: $0, origin: origins ? ValueOrigin(source, start: 0) : nil)
                }
            }
            return (backend.takeTimings().transferredBytes, segments, counts, pixels)
        }
        let uploading = try passes(try OpenCLBackend(device: device), origins: false)
        let resident = try OpenCLBackend(device: device)
        let once = try passes(resident, origins: true)
        // Bit patterns: overflowing sums are NaN, which no Equatable comparison calls equal.
        func bits(_ s: [SegmentStats]) -> [[UInt32]] { s.map { [$0.min.bitPattern, $0.max.bitPattern, $0.nan, $0.inf, $0.sum.bitPattern, $0.sumSquares.bitPattern] } }
        #expect(bits(once.segments) == bits(uploading.segments))
        #expect(once.counts == uploading.counts, "\(once.counts) vs \(uploading.counts)")
        #expect(once.pixels == uploading.pixels)
        let valueBytes = parity.values.count * 4
        #expect(uploading.moved - once.moved == 2 * valueBytes, "\(uploading.moved) vs \(once.moved)")
        // The same tensor again moves no values; another tensor replaces it and is uploaded.
        let again = try passes(resident, origins: true)
        #expect(once.moved - again.moved == valueBytes + 768, "the values and the palette table: \(once.moved) vs \(again.moved)")
    }

    func check(_ parity: ParityJob) throws {
        _ = try compare(parity.job, parity.values, label: parity.description)
    }

    /// Renders `job` on both backends and expects identical bytes; returns the CPU's.
    @discardableResult
    func compare(_ job: BandJob, _ values: [Float], label: String) throws -> [UInt8] {
        var expected = [UInt8](repeating: 0xA5, count: job.byteCount)
        try values.withUnsafeBufferPointer { v in
            try expected.withUnsafeMutableBytes { try CPUBackend(workers: 1).render(job, values: v, into: $0) }
        }
        for (shape, backend) in zip(["for the device", "gpu-shaped"], try ParityEnvironment.backends()) {
            var actual = [UInt8](repeating: 0x5A, count: job.byteCount)
            try values.withUnsafeBufferPointer { v in
                try actual.withUnsafeMutableBytes { try backend.render(job, values: v, into: $0) }
            }
            if let i = expected.indices.first(where: { expected[$0] != actual[$0] }) {
                let pixel = i / job.pixelChannels
                Issue.record("""
                    \(label), kernels \(shape): first difference at byte \(i) (band row \(pixel / job.grid.width), column \
                    \(pixel % job.grid.width)): cpu \(expected[i]), opencl \(actual[i])
                    """)
            }
        }
        return expected
    }
}
