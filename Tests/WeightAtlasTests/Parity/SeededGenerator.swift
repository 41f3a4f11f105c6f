/// SplitMix64: a small deterministic generator, so every parity case is reproducible
/// from its seed on every platform.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A float between lo and hi from 24 random bits (independent of stdlib internals);
    /// interpolated so that ranges wider than Float32 (−3e38…3e38) stay finite.
    mutating func float(_ lo: Float, _ hi: Float) -> Float {
        let unit = Float(next() >> 40) / Float(1 << 24)
        return lo * (1 - unit) + hi * unit
    }

    /// An integer in `range` (modulo bias is irrelevant here).
    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.count))
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }
}
