import Testing
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

@Suite struct NormalizationTests {
    @Test func minmaxStretchesToFullRange() {
        let p = GroupParams(lo: -1, hi: 3)
        #expect(p.level(-1) == 0 && p.level(3) == 255 && p.level(1) == 128)  // 127.5 rounds to even 128
    }

    @Test func tiesRoundHalfToEven() {
        let p = GroupParams(lo: 0, hi: 255)
        #expect([0.5, 1.5, 2.5, 253.5, 254.5].map { p.level(Float($0)) } == [0, 2, 2, 254, 254])
    }

    @Test func constantGroupRendersZero() {
        let p = GroupParams(lo: 0.25, hi: 0.25)
        #expect(p.s == 0 && p.level(0.25) == 0)
        #expect(GroupParams(lo: .infinity, hi: -.infinity).level(1) == 0)   // no finite values
    }

    @Test func rangeThatOverflowsFloat32StaysFinite() {
        let p = GroupParams(lo: -3e38, hi: 3e38)
        #expect(p.k == 0.5 && p.s.isFinite)
        #expect(p.level(-3e38) == 0 && p.level(3e38) == 255 && p.level(0) == 128)
        #expect(p.level(.greatestFiniteMagnitude) == 255)
    }

    @Test func spanTooSmallFor255OverSpanStillStretches() {
        // 255 / 1e-37 overflows Float32: without the 2^64 pre-scale every value above lo was 255.
        let values: [Float] = [0, 2.5e-38, 5e-38, 7.5e-38, 1e-37]
        let p = GroupParams(lo: 0, hi: 1e-37)
        #expect(p.k == 0x1p64 && p.s.isFinite)
        // Exactly as the same ramp 2^64 times larger, where 255 / span is finite: 127.5 in
        // exact arithmetic is 127.49999 in Float32 there too, so 127.
        let scaled = GroupParams(lo: 0, hi: 1e-37 * 0x1p64)
        #expect(scaled.k == 1 && values.map { scaled.level($0 * 0x1p64) } == [0, 64, 127, 191, 255])
        #expect(values.map(p.level) == [0, 64, 127, 191, 255])
        // Subnormal neighbours, the smallest span there is.
        let q = GroupParams(lo: Float.leastNonzeroMagnitude, hi: 2 * Float.leastNonzeroMagnitude)
        #expect(q.level(Float.leastNonzeroMagnitude) == 0 && q.level(2 * Float.leastNonzeroMagnitude) == 255)
        #expect(q.level(-1) == 0 && q.level(3e38) == 255 && q.level(.nan) == 0)
        // A span 255 / span still handles keeps k = 1 (every other group's bytes unchanged).
        #expect(GroupParams(lo: 0, hi: 1e-36).k == 1)
    }

    @Test func clampedValuesAndNaNIntermediatesStayInRange() {
        let p = GroupParams(lo: 0, hi: 1)
        #expect(p.level(-5) == 0 && p.level(7) == 255)
        // s = 0 with an overflowing difference gives ∞·0 = NaN inside; it must render 0.
        let flat = GroupParams(k: 1, lo: -3e38, s: 0)
        #expect(flat.level(3e38) == 0)
    }

    @Test func percentileMatchesSortedReference() {
        var state: UInt32 = 7
        let values: [Float] = (0..<10_001).map { i in
            state = state &* 1_664_525 &+ 1_013_904_223
            return i % 97 == 0 ? .nan : Float(Int32(bitPattern: state)) / 1e6
        }
        let finite = values.filter(\.isFinite).sorted()
        func reference(_ q: Double) -> Float {
            let position = q / 100 * Double(finite.count - 1)
            let below = Double(finite[Int(position.rounded(.down))]), above = Double(finite[Int(position.rounded(.up))])
            return Float(below + (above - below) * (position - position.rounded(.down)))
        }
        for q in [0.0, 1.0, 2.5, 33.3] {
            let bounds = Percentile.bounds(q: q, finiteCount: finite.count) { body in
                values.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<5000])); body(UnsafeBufferPointer(rebasing: $0[5000...])) }
            }
            #expect(bounds?.lo == reference(q) && bounds?.hi == reference(100 - q), "q = \(q)")
        }
    }
}
