/// File names for tensor images: safe on every file system, unique within one atlas.
///
/// Uniqueness is case-insensitive (macOS and Windows folders are). Each stem remembers the
/// suffix its last collision ended on, so n tensors that share a stem (9,000 names cut to
/// one 200-character prefix) cost O(n) expected probes in all, not O(n²); the names are the
/// ones a search from `-2` upwards would give, since taken names are never released.
struct ImageNames {
    private var taken: Set<String> = []
    /// Per lowercased stem: the suffix to try first on its next collision.
    private var nextSuffix: [String: Int] = [:]
    /// Lookups in `taken` so far: at most two per name, whatever the names (tests count them).
    private(set) var probes = 0

    /// `<tensor>.png` with every character outside [A-Za-z0-9._-] replaced by `_`, no leading
    /// dot, and `-2`, `-3`, ... appended on a collision.
    mutating func name(for tensor: String) -> String {
        var stem = String(tensor.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        if stem.isEmpty || stem.hasPrefix(".") { stem = "_" + stem }
        if stem.count > 200 { stem = String(stem.prefix(200)) }
        var candidate = stem + ".png"
        probes += 1
        if taken.contains(candidate.lowercased()) || candidate == "manifest.png" {
            let key = stem.lowercased()
            var n = nextSuffix[key] ?? 2
            repeat {
                candidate = "\(stem)-\(n).png"
                n += 1
                probes += 1
            } while taken.contains(candidate.lowercased())
            nextSuffix[key] = n
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
