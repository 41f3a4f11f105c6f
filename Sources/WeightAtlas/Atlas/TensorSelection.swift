import WeightAtlasRender

/// Which tensors a run covers: all of them, or those matching any of a list of shell globs
/// (`*`, `?`, `[abc]`, `[!a-z]`) on the full tensor name.
public struct TensorSelection: Sendable, Equatable {
    /// The patterns; empty selects every tensor.
    public var patterns: [String]

    /// A selection from patterns.
    public init(_ patterns: [String] = []) { self.patterns = patterns }

    /// True when `name` is selected.
    public func contains(_ name: String) -> Bool {
        patterns.isEmpty || patterns.contains { NameGlob.matches($0, name) }
    }

    /// Patterns that select no tensor of `names` (to warn about typos).
    public func unmatched(in names: [String]) -> [String] {
        patterns.filter { pattern in !names.contains { NameGlob.matches(pattern, $0) } }
    }
}
