/// Output folder names for the models of a zoo: readable, safe on every file system, and
/// unique — a pure function of the whole list of model paths, so every shard of a run and a
/// merge of them agree on every name.
public enum ZooFolderNames {
    /// Names the output may hold beside the model folders.
    static let reserved: Set<String> = ["index.html", "zoo.json", "junit.xml", "summary.md"]

    /// A folder name for each of `paths` (in the same order): the path with `/` turned into
    /// `__` and every character outside [A-Za-z0-9._-] into `_`; when two paths give the same
    /// name (ignoring case), or a reserved one, each such name gets `-` and 8 hex digits of the
    /// FNV-1a hash of its path.
    public static func names(for paths: [String]) -> [String] {
        let plain = paths.map(sanitized)
        var counts: [String: Int] = [:]
        for name in plain { counts[name.lowercased(), default: 0] += 1 }
        return zip(paths, plain).map { path, name in
            guard counts[name.lowercased()]! > 1 || reserved.contains(name.lowercased()) else { return name }
            return alternatives(for: path)[1]
        }
    }

    /// Both names `path` can have, whatever the other paths: plain, and with its hash. A partial
    /// merge lacks some paths, so a model may have had the other one in its shard.
    static func alternatives(for path: String) -> [String] {
        let name = sanitized(path), hash = String(ZooShard.fnv1a(path), radix: 16)
        return [name, name + "-" + String(String(repeating: "0", count: max(0, 16 - hash.count)) + hash).suffix(8)]
    }

    /// The path made safe as one folder name.
    static func sanitized(_ path: String) -> String {
        var name = ""
        for c in path {
            if c == "/" { name += "__" } else if c.isASCII && (c.isLetter || c.isNumber || "._-".contains(c)) {
                name.append(c)
            } else {
                name += "_"
            }
        }
        if name.isEmpty || name.hasPrefix(".") { name = "_" + name }
        return name.count > 180 ? String(name.prefix(180)) : name
    }
}
