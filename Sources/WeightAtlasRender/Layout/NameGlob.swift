/// Shell globs on names (`*`, `?`, `[abc]`, `[!a-z]`), matched against the whole name: what
/// `--tensor`, `--ignore`, `--exclude` and `--input-shape GLOB=CxHxW` select with.
public enum NameGlob {
    /// True when `pattern` matches all of `name`.
    public static func matches(_ pattern: String, _ name: String) -> Bool { matches(Array(pattern), Array(name)) }

    /// True when `pattern` matches all of `text`.
    static func matches(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var star: Int?, resume = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "*" {
                star = p
                resume = t
                p += 1
            } else if p < pattern.count, let next = matchOne(pattern, p, text[t]) {
                p = next
                t += 1
            } else if let s = star {
                p = s + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }

    /// If pattern position `p` matches `c`, the position after it.
    static func matchOne(_ pattern: [Character], _ p: Int, _ c: Character) -> Int? {
        switch pattern[p] {
        case "?": return p + 1
        case "[":
            guard let close = pattern[(p + 1)...].dropFirst().firstIndex(of: "]") else { return pattern[p] == c ? p + 1 : nil }
            var members = pattern[(p + 1)..<close]
            let negate = members.first == "!" || members.first == "^"
            if negate { members = members.dropFirst() }
            var hit = false, i = members.startIndex
            while i < members.endIndex {
                if i + 2 < members.endIndex, members[i + 1] == "-" {
                    hit = hit || (members[i] <= c && c <= members[i + 2])
                    i += 3
                } else {
                    hit = hit || members[i] == c
                    i += 1
                }
            }
            return hit != negate ? close + 1 : nil
        default:
            return pattern[p] == c ? p + 1 : nil
        }
    }
}
