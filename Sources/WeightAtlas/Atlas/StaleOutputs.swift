#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlasEncode

/// What an earlier `render` into the same folder wrote, as its `manifest.json` lists it, so
/// that a new run can remove what it no longer writes: images (`NAME.png`, `NAME.dzi`), the
/// viewer's `NAME.tiles.js` and Deep Zoom tile folders `NAME_files/`.
///
/// Only names the old manifest lists are touched, and only when each is a plain name inside
/// the folder (no `/`, no `..`, no leading dot), has the suffix WeightAtlas gives it, and is
/// a regular file (a tile folder: a real folder of level folders of `C_R.png` tiles) — never a
/// symbolic link. Anything else stays. Without an old manifest nothing is removed.
struct StaleOutputs {
    /// The folder.
    let directory: String
    /// Files (plain names) the old manifest lists.
    private(set) var files: Set<String> = []
    /// Deep Zoom tile folders (plain names) the old manifest lists.
    private(set) var folders: Set<String> = []

    /// The outputs the manifest now in `directory` lists; none when there is no manifest or
    /// it is not one WeightAtlas wrote (unparsable, no `tensors` array).
    init(listedIn directory: String) {
        self.directory = directory
        guard let bytes = Self.contents(directory + "/manifest.json"),
              let manifest = try? JSONValue.parse(bytes), manifest["tensors"]?.elements != nil else { return }
        for (files, folders) in ManifestTensor.entries(of: manifest).map(Self.outputs) {
            self.files.formUnion(files)
            self.folders.formUnion(folders)
        }
    }

    /// The names one manifest entry lists, each checked for its shape.
    static func outputs(of entry: ManifestTensor) -> (files: [String], folders: [String]) {
        var files: [String] = [], folders: [String] = []
        if let image = entry.image, isPlain(image), image.hasSuffix(".png") || image.hasSuffix(".dzi") { files.append(image) }
        if let tiles = entry.tiles, isPlain(tiles), tiles.hasSuffix(".tiles.js") { files.append(tiles) }
        if let dzi = entry.dzi, isPlain(dzi.files), dzi.descriptor.hasSuffix(".dzi"),
           dzi.files == String(dzi.descriptor.dropLast(4)) + "_files" {
            folders.append(dzi.files)
        }
        return (files, folders)
    }

    /// A name directly inside the folder: not empty, no `/` or NUL, no leading dot (so not `.`,
    /// `..` or a temporary), and not one of the files every run rewrites.
    static func isPlain(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
            && name != "manifest.json" && name != "index.html"
    }

    /// Removes what the old manifest listed and `current` (the new manifest) does not.
    /// - Returns: the names that were listed but could not be removed, with why.
    func removeAll(notListedIn current: JSONValue) -> [String] {
        var keptFiles: Set<String> = [], keptFolders: Set<String> = []
        for (files, folders) in ManifestTensor.entries(of: current).map(Self.outputs) {
            keptFiles.formUnion(files)
            keptFolders.formUnion(folders)
        }
        var failures: [String] = []
        for name in files.subtracting(keptFiles).sorted() {
            if let why = Self.removeFile(directory + "/" + name) { failures.append("\(name) (\(why))") }
        }
        for name in folders.subtracting(keptFolders).sorted() {
            if let why = Self.removeTileFolder(directory + "/" + name) { failures.append("\(name)/ (\(why))") }
        }
        return failures
    }

    /// Unlinks `path` when it is a regular file (not a link); nil when done or already gone.
    static func removeFile(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT ? nil : String(cString: strerror(errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return "not a regular file, left in place" }
        return unlink(path) == 0 || errno == ENOENT ? nil : String(cString: strerror(errno))
    }

    /// Removes a Deep Zoom tile folder: level folders named by digits holding `C_R.png`
    /// regular files. Anything else inside is left, and so are the folders that hold it.
    static func removeTileFolder(_ path: String) -> String? {
        guard isRealFolder(path) else {
            var info = stat()
            return lstat(path, &info) != 0 && errno == ENOENT ? nil : "not a folder, left in place"
        }
        var unexpected = false
        for level in names(in: path) {
            let levelPath = path + "/" + level
            guard !level.isEmpty, level.allSatisfy(\.isASCIIDigitCharacter), isRealFolder(levelPath) else {
                unexpected = true
                continue
            }
            for tile in names(in: levelPath) {
                if isTileName(tile), removeFile(levelPath + "/" + tile) == nil { continue }
                unexpected = true
            }
            if rmdir(levelPath) != 0 { unexpected = true }
        }
        if unexpected { return "holds files WeightAtlas did not write, left in place" }
        return rmdir(path) == 0 ? nil : String(cString: strerror(errno))
    }

    /// `C_R.png` with decimal C and R.
    static func isTileName(_ name: String) -> Bool {
        guard name.hasSuffix(".png") else { return false }
        let parts = name.dropLast(4).split(separator: "_", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isASCIIDigitCharacter) }
    }

    /// True when `path` is a folder itself, not a link to one.
    static func isRealFolder(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The entries of a folder, less `.` and `..` (calls `opendir`, `readdir`).
    static func names(in path: String) -> [String] {
        guard let handle = opendir(path) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The whole file at `path`, or nil when it cannot be read.
    static func contents(_ path: String) -> [UInt8]? {
        guard let handle = fopen(path, "rb") else { return nil }
        defer { fclose(handle) }
        var bytes: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, handle) }
            bytes += buffer[..<count]
            if count < buffer.count { return ferror(handle) == 0 ? bytes : nil }
        }
    }
}

private extension Character {
    var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
