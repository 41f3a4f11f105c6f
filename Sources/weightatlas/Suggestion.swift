/// "did you mean" for a mistyped option or command: the nearest known word by edit distance.
enum Suggestion {
    /// The candidate closest to `word` (Levenshtein distance, ties to the first), when it is
    /// close enough to be a typo: at most a third of the longer word, and at least 1 edit allowed.
    static func nearest(to word: String, in candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = distance(word, candidate)
            if d < (best?.1 ?? .max) { best = (candidate, d) }
        }
        guard let (candidate, d) = best else { return nil }
        return d <= max(1, max(word.count, candidate.count) / 3) ? candidate : nil
    }

    /// `message` followed by `; did you mean X?` when there is a near candidate.
    static func message(_ message: String, for word: String, in candidates: [String]) -> String {
        nearest(to: word, in: candidates).map { "\(message); did you mean \($0)?" } ?? message
    }

    /// Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
