import Foundation
import WeightAtlasFormats

/// One directory given to `zoo`, walked by `ZooWalk`'s rules: models found by extension,
/// sharded folders as one model, entries that are neither regular files nor folders skipped
/// unopened, symbolic links followed only while they stay inside the directory's real path.
struct ZooFolderWalk {
    /// The real path of the directory given: what a symbolic link may lead into.
    let root: String
    /// The models found, unsorted.
    private(set) var found: [ZooModel] = []
    /// Real paths of the folders being walked, outermost first: a link back to one is a loop.
    private var chain: [String] = []

    /// What one directory entry is, for the walk.
    private enum Entry {
        /// A folder (or a link to one inside the root), with its real path.
        case folder(real: String)
        /// A regular file (or a link to one inside the root).
        case file
        /// Skipped with a warning: why.
        case skipped(String)
        /// Not a model and not worth a word (a FIFO named `notes`, an entry gone meanwhile).
        case ignored
    }

    /// A walk of the directory whose real path is `root`.
    init(root: String) {
        self.root = root
    }

    /// Walks `directory` (real path `real`), naming models `relative + name`; `warn` is told
    /// of each entry skipped, as `LOCATION: why: skipped`.
    /// - Throws: `ZooError.input` when a folder cannot be listed or nests deeper than `ZooWalk.maxDepth`.
    mutating func walk(_ directory: String, relative: String, real: String, depth: Int,
                       warn: (String) -> Void) throws(ZooError) {
        guard depth <= ZooWalk.maxDepth else {
            throw ZooError.input(path: directory, message: "nested deeper than \(ZooWalk.maxDepth) folders")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted() } catch {
            throw ZooError.input(path: directory, message: "cannot list the directory")
        }
        chain.append(real)
        defer { chain.removeLast() }
        for name in names where !name.hasPrefix(".") {
            let location = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let path = relative + name
            switch entry(at: location, named: name, parent: real) {
            case .folder(let folder):
                if ZooWalk.isModelFolder(location) {
                    found.append(ZooModel(path: path, location: location))
                } else {
                    try walk(location, relative: path + "/", real: folder, depth: depth + 1, warn: warn)
                }
            case .file:
                if Self.isModelName(name) { found.append(ZooModel(path: path, location: location)) }
            case .skipped(let why):
                warn("\(location): \(why): skipped")
            case .ignored:
                break
            }
        }
    }

    /// Classifies `location` (named `name`, in the folder whose real path is `parent`) with
    /// `lstat`, then `realpath` and `stat` for a symbolic link; nothing is opened.
    private func entry(at location: String, named name: String, parent: String) -> Entry {
        var info = stat()
        guard lstat(location, &info) == 0 else { return .ignored }
        var real = parent == "/" ? "/" + name : parent + "/" + name
        if info.st_mode & S_IFMT == S_IFLNK {
            guard let target = ModelFolder.realPath(location), stat(location, &info) == 0 else {
                return .skipped("a symbolic link to nothing")
            }
            guard target == root || target.hasPrefix(root == "/" ? "/" : root + "/") else {
                return .skipped("a symbolic link to '\(target)', outside the zoo folder \(root)")
            }
            guard !chain.contains(target) else {
                return .skipped("a symbolic link back to '\(target)', a folder being walked")
            }
            real = target
        }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .folder(real: real)
        case S_IFREG: return .file
        default:
            guard Self.isModelName(name) else { return .ignored }
            return .skipped("\(MappedFile.fileType(info.st_mode) ?? "not a regular file"), not a regular file")
        }
    }

    /// True when `name` ends in one of `ZooWalk.extensions`.
    static func isModelName(_ name: String) -> Bool {
        ZooWalk.extensions.contains { name.hasSuffix($0) }
    }
}
