import Foundation

/// Finds the models of a zoo: weight files by extension under directories, sharded
/// checkpoints as one model, or the entries of a list file.
///
/// Rules: a directory holding a `*.index.json` or files named like `*-00001-of-00004.*` is one
/// sharded model (nothing inside it is walked further); other directories are walked
/// recursively, hidden entries skipped; a file is a model when its name ends in one of
/// `extensions`. A model's `path` is relative to the directory it was found under (a file
/// given directly goes by its last component); models are sorted by path and two models
/// with the same path are an error.
public enum ZooWalk {
    /// File name endings that mark a weight file: those every reader reads.
    public static var extensions: [String] { WeightFiles.extensions }
    /// Deepest folder nesting walked.
    static let maxDepth = 32

    /// The models under `paths` (directories or files) and in the list file `list`, sorted by
    /// path, folders assigned.
    /// - Throws: `ZooError.input` when a path does not exist or a model path repeats.
    public static func models(under paths: [String], listedIn list: String? = nil) throws(ZooError) -> [ZooModel] {
        try finish(try found(under: paths) + (list.map { (list) throws(ZooError) in try listed(in: list) } ?? []))
    }

    /// The models under `paths`, unsorted.
    static func found(under paths: [String]) throws(ZooError) -> [ZooModel] {
        var found: [ZooModel] = []
        for root in paths {
            guard let isDirectory = kind(of: root) else { throw ZooError.input(path: root, message: "no such file or directory") }
            let name = lastComponent(root)
            if !isDirectory || isSharded(root) {
                found.append(ZooModel(path: name, location: root))
            } else {
                try walk(root, relative: "", depth: 0, into: &found)
            }
        }
        return found
    }

    /// The models named in the list file at `listPath`, unsorted: one path per line, blank
    /// lines and lines starting with `#` ignored, relative paths taken from the list's folder.
    /// Each entry (a file or a sharded folder) goes by the path as written, less a leading `./`.
    /// - Throws: `ZooError.input` when the list cannot be read or an entry is missing.
    static func listed(in listPath: String) throws(ZooError) -> [ZooModel] {
        guard let data = FileManager.default.contents(atPath: listPath) else {
            throw ZooError.input(path: listPath, message: "cannot read the list")
        }
        let base = listPath.contains("/") ? String(listPath[...listPath.lastIndex(of: "/")!]) : ""
        var found: [ZooModel] = []
        for (number, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            let location = line.hasPrefix("/") ? line : base + line
            guard kind(of: location) != nil else {
                throw ZooError.input(path: listPath, message: "line \(number + 1): '\(line)' does not exist")
            }
            var name = line
            while name.hasPrefix("./") { name.removeFirst(2) }
            found.append(ZooModel(path: name, location: location))
        }
        return found
    }

    /// Sorts by path, rejects repeats, and names the folders.
    static func finish(_ models: [ZooModel]) throws(ZooError) -> [ZooModel] {
        var sorted = models.sorted { $0.path < $1.path }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.path == b.path {
            throw ZooError.input(path: b.location, message: "model path '\(a.path)' also found at \(a.location)")
        }
        for (i, folder) in ZooFolderNames.names(for: sorted.map(\.path)).enumerated() { sorted[i].folder = folder }
        return sorted
    }

    static func walk(_ directory: String, relative: String, depth: Int, into found: inout [ZooModel]) throws(ZooError) {
        guard depth <= maxDepth else { throw ZooError.input(path: directory, message: "nested deeper than \(maxDepth) folders") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw ZooError.input(path: directory, message: "cannot list the directory")
        }
        for name in names where !name.hasPrefix(".") {
            let location = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let path = relative + name
            guard let isDirectory = kind(of: location) else { continue }
            if isDirectory {
                if isSharded(location) {
                    found.append(ZooModel(path: path, location: location))
                } else {
                    try walk(location, relative: path + "/", depth: depth + 1, into: &found)
                }
            } else if extensions.contains(where: { name.hasSuffix($0) }) {
                found.append(ZooModel(path: path, location: location))
            }
        }
    }

    /// True when the directory holds a sharded checkpoint: an index, or numbered shards.
    static func isSharded(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { name in
            !name.hasPrefix(".") && (name.hasSuffix(".index.json") || isNumberedShard(name))
        }
    }

    /// `…-00001-of-00004.ext`: digits, `-of-`, digits, then the extension.
    static func isNumberedShard(_ name: String) -> Bool {
        guard let of = name.range(of: "-of-") else { return false }
        let before = name[..<of.lowerBound].reversed().prefix { $0.isNumber }
        let after = name[of.upperBound...].prefix { $0.isNumber }
        return !before.isEmpty && !after.isEmpty && name[of.upperBound...].dropFirst(after.count).hasPrefix(".")
    }

    /// nil when missing, else whether it is a directory (symbolic links followed).
    static func kind(of path: String) -> Bool? {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) ? directory.boolValue : nil
    }

    static func lastComponent(_ path: String) -> String {
        let trimmed = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
