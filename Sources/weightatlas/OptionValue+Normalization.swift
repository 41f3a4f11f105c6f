import WeightAtlas

extension OptionValue where Value == Normalization {
    /// `minmax`, `symmetric`, `percentile:Q`, `robust[:Q]` with 0 <= Q < 50, or `torchvision[:LO,HI]`.
    static var normalization: OptionValue<Normalization> {
        OptionValue { text, option throws(UsageError) in
            switch text {
            case "minmax": return .minmax
            case "symmetric": return .symmetric
            case "robust": return .robust(Normalization.robustDefault)
            case "torchvision": return .torchvision(nil)
            case let text where text.hasPrefix("torchvision:"):
                let bounds = text.dropFirst("torchvision:".count).split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
                guard bounds.count == 2, let lo = bounds[0], let hi = bounds[1], lo.isFinite, hi.isFinite, lo <= hi else {
                    throw .invalid(option, mustBe: "torchvision:LO,HI with finite LO <= HI", not: text)
                }
                return .torchvision(Normalization.ValueRange(lo: lo, hi: hi))
            default:
                let (mode, value) = text.firstIndex(of: ":").map { (text[..<$0], text[text.index(after: $0)...]) } ?? (Substring(text), "")
                guard mode == "percentile" || mode == "robust", let q = Double(value), q >= 0, q < 50 else {
                    throw .invalid(option, mustBe: "minmax, symmetric, percentile:Q, robust[:Q] with 0 <= Q < 50, or torchvision[:LO,HI]", not: text)
                }
                return mode == "percentile" ? .percentile(q) : .robust(q)
            }
        }
    }
}
