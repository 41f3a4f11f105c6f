import WeightAtlasRender

extension ZooWalk {
    /// The models under `paths` (and in `list`) less those an `--exclude` glob matches, with
    /// folder names computed after the exclusion, so every shard and `merge` agree on them.
    /// `warn` is told of each entry the walk skips.
    /// - Throws: `ZooError.input` as `models(under:listedIn:)`.
    public static func models(under paths: [String], listedIn list: String? = nil, excluding patterns: [String],
                              warn: (String) -> Void = { _ in }) throws(ZooError) -> [ZooModel] {
        guard !patterns.isEmpty else { return try models(under: paths, listedIn: list, warn: warn) }
        let all = try found(under: paths, warn: warn) + (list.map { (list) throws(ZooError) in try listed(in: list) } ?? [])
        return try finish(all.filter { !isExcluded($0.path, by: patterns) })
    }

    /// True when a glob matches the model's whole relative path or its last component
    /// (`--exclude 'experiments/*'`, `--exclude '*.onnx'`).
    public static func isExcluded(_ path: String, by patterns: [String]) -> Bool {
        let last = path.split(separator: "/").last.map(String.init) ?? path
        return patterns.contains { NameGlob.matches($0, path) || NameGlob.matches($0, last) }
    }
}
