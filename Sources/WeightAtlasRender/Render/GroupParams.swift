/// The rescale of one normalisation group, by one of two rules, in Float32 with no fused operations:
///
/// - `nearest` (the tool's own): a finite value x becomes the level
///   `rint(min(max((x·k − lo)·s, 0), 255))` (max first, so NaN becomes 0).
///   `k` is 1, or 0.5 when hi − lo overflows Float32 (then lo and s are for the halved range,
///   which is exact and keeps every pixel finite), or 2^64 when 255 / (hi − lo) overflows (a
///   span under ~7.5e-37: lo and s are for the scaled range, again exact).
/// - `torchvision` (`torchvision.utils.make_grid(normalize=True)` then `save_image`):
///   `c = min(max(x, lo), hi)`, then `trunc(min(max(((c − lo) / d)·255 + 0.5, 0), 255))` with
///   d = max(hi − lo, 1e-5), each step rounded to Float32 (a true division, not a reciprocal).
///
/// The layout matches `group_params` in Kernels/rescale.cl (32 bytes).
@frozen
public struct GroupParams: Sendable, Equatable {
    /// Which formula the group's values go through.
    public enum Rule: UInt32, Sendable {
        /// `rint((x·k − lo)·s)`, clamped: round to nearest, ties to even.
        case nearest = 0
        /// torchvision's clamp, divide, `×255 + 0.5` and truncate.
        case torchvision = 1
    }

    /// Pre-scale of the value (1, 0.5 or 2^64; nearest rule).
    public var k: Float
    /// The value (pre-scaled under the nearest rule) that maps to level 0.
    public var lo: Float
    /// Levels per unit of (pre-scaled) value; 0 for a constant group (nearest rule).
    public var s: Float
    /// Upper clamp bound (torchvision rule).
    public var hi: Float = 0
    /// Divisor max(hi − lo, 1e-5) (torchvision rule).
    public var d: Float = 1
    /// The rule, as its raw value (a UInt32 in the kernel's struct).
    public var ruleCode: UInt32 = Rule.nearest.rawValue
    /// Unused; pads the struct to 32 bytes.
    public var reserved: (Float, Float) = (0, 0)

    /// The rule these parameters follow.
    public var rule: Rule { Rule(rawValue: ruleCode) ?? .nearest }

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

    /// torchvision's parameters for bounds `lo`, `hi` given as Python floats (Doubles): the clamp
    /// bounds are their Float32 values and the divisor max(hi − lo, 1e-5) is taken in Double
    /// and then rounded, as `norm_ip` computes it before the Float32 tensor operations.
    public init(torchvisionLo lo: Double, hi: Double) {
        self.init(k: 1, lo: Float(lo), s: 0)
        self.hi = Float(hi)
        d = Float(Swift.max(hi - lo, 1e-5))
        ruleCode = Rule.torchvision.rawValue
    }

    /// Equal when every field the kernel reads is.
    public static func == (a: GroupParams, b: GroupParams) -> Bool {
        a.k == b.k && a.lo == b.lo && a.s == b.s && a.hi == b.hi && a.d == b.d && a.ruleCode == b.ruleCode
    }

    /// The level of a finite value (the CPU reference of the rescale kernel).
    @inline(__always)
    public func level(_ x: Float) -> UInt8 {
        UInt8(truncatingIfNeeded: rule == .torchvision ? Self.torchvisionLevel(x, lo, hi, d) : Self.level(x, k, lo, s))
    }

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

    /// The level of `x` under torchvision's rule with bounds `lo`, `hi` and divisor `d`: the
    /// Float32 steps of `norm_ip` (clamp, subtract, divide) and of `save_image` (×255, +0.5,
    /// clamp to 0...255, truncate). NaN becomes 0, as its conversion to uint8 does on x86.
    @inline(__always)
    public static func torchvisionLevel(_ x: Float, _ lo: Float, _ hi: Float, _ d: Float) -> UInt32 {
        var c = x > lo ? x : lo
        c = c < hi ? c : hi
        var v = (c - lo) / d * 255 + 0.5
        v = v > 0 ? v : 0
        v = v < 255 ? v : 255
        return UInt32(v)
    }
}

extension Normalization {
    /// The parameters of a group whose finite values span [min, max] (±infinity when it has
    /// none): minmax stretches [min, max]; symmetric stretches [−m, m] with m = max |x|, and
    /// [−1, 1] when m = 0 so zero is 128; torchvision clamps to its fixed range or [min, max].
    /// nil for percentile and robust, which are layer-wide.
    public func groupParams(min: Float, max: Float) -> GroupParams? {
        switch self {
        case .minmax:
            return GroupParams(lo: min, hi: max)
        case .symmetric:
            let m = Swift.max(abs(min.isFinite ? min : 0), abs(max.isFinite ? max : 0))
            return m > 0 ? GroupParams(lo: -m, hi: m) : GroupParams(lo: -1, hi: 1)
        case .torchvision(let range?):
            return GroupParams(torchvisionLo: range.lo, hi: range.hi)
        case .torchvision(nil):
            return min <= max ? GroupParams(torchvisionLo: Double(min), hi: Double(max)) : GroupParams(torchvisionLo: 0, hi: 0)
        case .percentile, .robust:
            return nil
        }
    }
}
