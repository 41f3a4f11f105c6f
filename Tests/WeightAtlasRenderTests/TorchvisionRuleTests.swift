import Testing
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// torchvision's rule on the CPU: the divisor taken in Double from the Python floats, and
/// levels equal to what `make_grid(normalize=True, value_range=…)` + `save_image` write
/// (expected levels computed with numpy float32, step by step as torch does).
struct TorchvisionRuleTests {
    @Test func divisorIsTakenInDoubleFromThePythonFloats() {
        // Float(0.7) − Float(0.1) is 0.59999996; torchvision divides by Float(0.7 − 0.1) = 0.6.
        let p = GroupParams(torchvisionLo: 0.1, hi: 0.7)
        #expect(p.d == Float(0.6) && p.d != Float(0.7) - Float(0.1))
        #expect(p.rule == .torchvision && p.lo == Float(0.1) && p.hi == Float(0.7))
    }

    @Test func levelsWhereTheDivisorDecides() {
        // numpy: ((clip(x, 0.1, 0.7) − 0.1) / 0.6 · 255 + 0.5) → uint8; with 0.59999996 each is one more.
        let p = GroupParams(torchvisionLo: 0.1, hi: 0.7)
        #expect(p.level(0.28470588) == 78)
        #expect(p.level(0.4141176) == 133)
        #expect(p.level(0.45411763) == 150)
    }

    @Test func constantAndOutOfRangeValues() {
        // A constant image: d = 1e-5 and every value is level 0; values past the range clamp.
        let constant = GroupParams(torchvisionLo: 0.25, hi: 0.25)
        #expect(constant.d == Float(1e-5) && constant.level(0.25) == 0)
        let unit = GroupParams(torchvisionLo: 0, hi: 1)
        #expect(unit.level(-3) == 0 && unit.level(7) == 255 && unit.level(1) == 255 && unit.level(.nan) == 0)
        // 0.5/255 + 0.5 rounds to exactly 1.0 in Float32 (level 1); one ulp below stays level 0.
        let half = (0.5 as Float) / 255
        #expect(unit.level(half) == 1 && unit.level(half.nextDown.nextDown) == 0)
    }

    @Test func normalizationGivesTheRuleFromMinMaxOrTheFixedRange() {
        #expect(Normalization.torchvision(nil).groupParams(min: -2, max: 6) == GroupParams(torchvisionLo: -2, hi: 6))
        let fixed = Normalization.torchvision(.init(lo: 0.1, hi: 0.7))
        #expect(fixed.groupParams(min: -9, max: 9) == GroupParams(torchvisionLo: 0.1, hi: 0.7))
        #expect(fixed.description == "torchvision:0.1,0.7" && !fixed.isLayerWide)
    }
}
