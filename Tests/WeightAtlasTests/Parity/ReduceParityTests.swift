import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// OpenCL reduce against the CPU reference: min/max/NaN/Inf exact, sums within 1e-4.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct ReduceParityTests {
    struct Case: CustomStringConvertible, Sendable {
        var count: Int
        var segmentLength: Int
        var seed: UInt64
        var description: String { "\(count) values, segments of \(segmentLength), seed \(seed)" }
    }

    static let cases: [Case] = [
        Case(count: 1, segmentLength: 1, seed: 1), Case(count: 100, segmentLength: 1, seed: 2),
        Case(count: 1000, segmentLength: 9, seed: 3), Case(count: 5000, segmentLength: 27, seed: 4),
        Case(count: 4097, segmentLength: 256, seed: 5), Case(count: 10_000, segmentLength: 257, seed: 6),
        Case(count: 30_000, segmentLength: 1000, seed: 7), Case(count: 50_000, segmentLength: 4099, seed: 8),
        Case(count: 200_000, segmentLength: 70_000, seed: 9), Case(count: 3, segmentLength: 1_000_000, seed: 10),
        Case(count: 123_457, segmentLength: 123_457, seed: 11), Case(count: 777, segmentLength: 64, seed: 12),
    ]

    @Test(arguments: cases)
    func segments(_ c: Case) throws {
        var rng = SeededGenerator(seed: c.seed)
        var values = (0..<c.count).map { _ in rng.float(-1, 1) * Float(1 << rng.int(0...10)) + 0.125 }
        for i in values.indices where rng.chance(0.02) { values[i] = [Float.nan, .infinity, -.infinity][rng.int(0...2)] }
        // A stretch with no finite value: min/max must stay +inf/-inf.
        if c.count > 40 { for i in 10..<min(c.count, 10 + c.segmentLength * 2) { values[i] = .nan } }
        for phase in Set([0, c.segmentLength / 2, c.segmentLength - 1, rng.int(0...(c.segmentLength - 1))]) {
            try compare(values, segmentLength: c.segmentLength, phase: phase, label: "\(c), phase \(phase)")
        }
    }

    @Test func emptyChunk() throws {
        let backend = try ParityEnvironment.backend()
        let none: [Float] = []
        let stats = try none.withUnsafeBufferPointer { try backend.reduce($0, segmentLength: 10, phase: 3) }
        #expect(stats.isEmpty)
    }

    func compare(_ values: [Float], segmentLength: Int, phase: Int, label: String) throws {
        for backend in try ParityEnvironment.backends() {
            try compare(values, segmentLength: segmentLength, phase: phase, on: backend, label: label + " (\(backend.shapes))")
        }
    }

    func compare(_ values: [Float], segmentLength: Int, phase: Int, on backend: OpenCLBackend, label: String) throws {
        let (expected, actual) = try values.withUnsafeBufferPointer { v in
            (try CPUBackend(workers: 2).reduce(v, segmentLength: segmentLength, phase: phase),
             try backend.reduce(v, segmentLength: segmentLength, phase: phase))
        }
        try #require(expected.count == actual.count, "\(label): segment count")
        for j in expected.indices {
            let e = expected[j], a = actual[j]
            let start = max(0, j * segmentLength - phase), end = min(values.count, (j + 1) * segmentLength - phase)
            let finite = values[start..<end].filter(\.isFinite).map(Double.init)
            let sumBound = 1e-4 * finite.reduce(0) { $0 + abs($1) } + 1e-30
            let squareBound = 1e-4 * finite.reduce(0) { $0 + $1 * $1 } + 1e-30
            #expect(e.min == a.min && e.max == a.max, "\(label), segment \(j): min/max cpu \(e.min)…\(e.max), opencl \(a.min)…\(a.max)")
            #expect(e.nan == a.nan && e.inf == a.inf, "\(label), segment \(j): nan/inf cpu \(e.nan)/\(e.inf), opencl \(a.nan)/\(a.inf)")
            #expect(abs(Double(e.sum) - Double(a.sum)) <= sumBound, "\(label), segment \(j): sum cpu \(e.sum), opencl \(a.sum)")
            #expect(abs(Double(e.sumSquares) - Double(a.sumSquares)) <= squareBound,
                    "\(label), segment \(j): sum of squares cpu \(e.sumSquares), opencl \(a.sumSquares)")
        }
    }
}
