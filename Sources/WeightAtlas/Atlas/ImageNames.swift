/// File names for tensor images: safe on every file system, unique within one atlas.
struct ImageNames {
    private var taken: Set<String> = []

    /// `<tensor>.png` with every character outside [A-Za-z0-9._-] replaced by `_`, no leading
    /// dot, and `-2`, `-3`, ... appended on a collision.
    mutating func name(for tensor: String) -> String {
        var stem = String(tensor.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
        if stem.isEmpty || stem.hasPrefix(".") { stem = "_" + stem }
        if stem.count > 200 { stem = String(stem.prefix(200)) }
        var candidate = stem + ".png", n = 2
        while taken.contains(candidate.lowercased()) || candidate == "manifest.png" {
            candidate = "\(stem)-\(n).png"
            n += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }
}
