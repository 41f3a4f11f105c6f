import Foundation
import WeightAtlasFormats

/// Finds the models of a zoo: weight files by extension under directories, sharded
/// checkpoints as one model, or the entries of a list file.
///
/// Rules: a directory holding a `*.index.json` or files named like `*-00001-of-00004.*` is one
/// sharded model (nothing inside it is walked further); other directories are walked
/// recursively, hidden entries skipped; a file is a model when its name ends in one of
/// `extensions`. A model's `path` is relative to the directory it was found under (a file
/// given directly goes by its last component); models are sorted by path and two models
/// with the same path are an error.
///
/// Inside a walked directory nothing that is not a regular file or a folder is ever opened:
/// a FIFO, socket or device named like a model is skipped with a warning (a FIFO would block
/// the run). A symbolic link is followed when its real path lies inside the real path of the
/// directory given (a `latest.onnx -> v3.onnx`, a folder linked from elsewhere in the zoo);
/// one that leads outside it, dangles, or loops back to a folder being walked is skipped
/// with a warning: a zoo folder someone else filled must not render files from elsewhere on
/// the machine into its pages. Paths given on the command line or in `--list` are the user's
/// own choice and are taken as they are.
public enum ZooWalk {
    /// File name endings that mark a weight file: those every reader reads.
    public static var extensions: [String] { WeightFiles.extensions }
    /// Deepest folder nesting walked.
    static let maxDepth = 32

    /// The models under `paths` (directories or files) and in the list file `list`, sorted by
    /// path, folders assigned. `warn` is told of each entry the walk skips (see the rules above).
    /// - Throws: `ZooError.input` when a path does not exist or a model path repeats.
    public static func models(under paths: [String], listedIn list: String? = nil,
                              warn: (String) -> Void = { _ in }) throws(ZooError) -> [ZooModel] {
        try finish(try found(under: paths, warn: warn) + (list.map { (list) throws(ZooError) in try listed(in: list) } ?? []))
    }

    /// The models under `paths`, unsorted; skipped entries reported to `warn`.
    static func found(under paths: [String], warn: (String) -> Void) throws(ZooError) -> [ZooModel] {
        var found: [ZooModel] = []
        for root in paths {
            guard let isDirectory = kind(of: root) else { throw ZooError.input(path: root, message: "no such file or directory") }
            let name = lastComponent(root)
            if !isDirectory || isModelFolder(root) {
                found.append(ZooModel(path: name, location: root))
            } else {
                let real = ModelFolder.realPath(root) ?? root
                var walk = ZooFolderWalk(root: real)
                try walk.walk(root, relative: "", real: real, depth: 0, warn: warn)
                found += walk.found
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

    /// True when the directory is one model: a sharded checkpoint (an index, or numbered
    /// shards) or a LoRA adapter (adapter_config.json).
    static func isModelFolder(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { name in
            !name.hasPrefix(".") && (name.hasSuffix(".index.json") || isNumberedShard(name) || name == LoRAAdapterFile.configName)
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
