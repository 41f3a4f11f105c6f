/// The rescale of one normalisation group: a finite value x becomes the level
/// `rint(min(max((x·k − lo)·s, 0), 255))` (max first, so NaN becomes 0), in Float32 with no fused operations.
///
/// `k` is 1, or 0.5 when hi − lo overflows Float32 (then lo and s are for the halved range,
/// which is exact and keeps every pixel finite), or 2^64 when 255 / (hi − lo) overflows (a
/// span under ~7.5e-37: lo and s are for the scaled range, again exact). The layout matches
/// `group_params` in Kernels/rescale.cl (16 bytes).
@frozen
public struct GroupParams: Sendable, Equatable {
    /// Pre-scale of the value (1 or 0.5).
    public var k: Float
    /// The value (pre-scaled) that maps to level 0.
    public var lo: Float
    /// Levels per unit of (pre-scaled) value; 0 for a constant group.
    public var s: Float
    /// Unused; keeps the struct 16 bytes like an OpenCL float4.
    public var reserved: Float = 0

    /// Creates parameters directly.
    public init(k: Float, lo: Float, s: Float) {
        self.k = k
        self.lo = lo
        self.s = s
    }

    /// The parameters that stretch [lo, hi] over 0...255 (division on the host, correctly rounded).
    /// A constant or empty range renders level 0.
    public init(lo: Float, hi: Float) {
        guard lo.isFinite, hi.isFinite, lo < hi else {
            self.init(k: 1, lo: lo.isFinite ? lo : 0, s: 0)
            return
        }
        let span = hi - lo
        if !span.isFinite {
            self.init(k: 0.5, lo: lo * 0.5, s: 255 / (hi * 0.5 - lo * 0.5))
        } else if (255 / span).isFinite {
            self.init(k: 1, lo: lo, s: 255 / span)
        } else {
            // |lo|, |hi| < 2^-96 here (their span is below 2^-120), so ×2^64 is exact and finite.
            let k = Self.tinySpanScale
            self.init(k: k, lo: lo * k, s: 255 / (hi * k - lo * k))
        }
    }

    /// The pre-scale of a group whose span is too small for 255 / span.
    static let tinySpanScale = Float(sign: .plus, exponent: 64, significand: 1)

    /// The level of a finite value (the CPU reference of the rescale kernel).
    @inline(__always)
    public func level(_ x: Float) -> UInt8 { UInt8(truncatingIfNeeded: Self.level(x, k, lo, s)) }

    /// The level of `x` under parameters `k`, `lo`, `s`, in the low byte (the one rescale
    /// every CPU path uses). Adding 2^23 rounds to nearest, ties to even, exactly as rint
    /// for 0...255, and leaves the level in the low byte of the bits.
    @inline(__always)
    public static func level(_ x: Float, _ k: Float, _ lo: Float, _ s: Float) -> UInt32 {
        var v = (x * k - lo) * s
        v = v > 0 ? v : 0        // NaN (∞·0 when s = 0) becomes 0 here
        v = v < 255 ? v : 255
        return (v + 8_388_608).bitPattern & 0xFF
    }
}

extension Normalization {
    /// The parameters of a group whose finite values span [min, max] (±infinity when it has
    /// none): minmax stretches [min, max]; symmetric stretches [−m, m] with m = max |x|, and
    /// [−1, 1] when m = 0 so zero is 128. nil for percentile and robust, which are layer-wide.
    public func groupParams(min: Float, max: Float) -> GroupParams? {
        switch self {
        case .minmax:
            return GroupParams(lo: min, hi: max)
        case .symmetric:
            let m = Swift.max(abs(min.isFinite ? min : 0), abs(max.isFinite ? max : 0))
            return m > 0 ? GroupParams(lo: -m, hi: m) : GroupParams(lo: -1, hi: 1)
        case .percentile, .robust:
            return nil
        }
    }
}
