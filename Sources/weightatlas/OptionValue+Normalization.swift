import WeightAtlas

extension OptionValue where Value == Normalization {
    /// `minmax`, `symmetric`, `percentile:Q` or `robust[:Q]` with 0 <= Q < 50.
    static var normalization: OptionValue<Normalization> {
        OptionValue { text, option throws(UsageError) in
            switch text {
            case "minmax": return .minmax
            case "symmetric": return .symmetric
            case "robust": return .robust(Normalization.robustDefault)
            default:
                let (mode, value) = text.firstIndex(of: ":").map { (text[..<$0], text[text.index(after: $0)...]) } ?? (Substring(text), "")
                guard mode == "percentile" || mode == "robust", let q = Double(value), q >= 0, q < 50 else {
                    throw .invalid(option, mustBe: "minmax, symmetric, percentile:Q or robust[:Q] with 0 <= Q < 50", not: text)
                }
                return mode == "percentile" ? .percentile(q) : .robust(q)
            }
        }
    }
}
