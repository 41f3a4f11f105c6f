#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of a model file, through which every file the model itself names (a shard of
/// an index, an ONNX external-data file) is opened.
///
/// The text of a name is checked by each reader (relative, no `..`); here its target is:
/// `folder/name` is resolved with `realpath` (every symbolic link followed) and accepted only
/// when it lies inside one of `roots` and is a regular file. It is then opened by its real
/// path with `O_NOFOLLOW | O_NONBLOCK`, `fstat`ed on that descriptor, and (on Linux) the
/// descriptor's own path, `/proc/self/fd/N`, is checked against the roots again, so a link
/// swapped in after `realpath` is caught on what was actually opened.
///
/// The roots are the real path of the folder as the model's path gives it and, when the
/// user named a symbolic link, the real folder of the file it points to: the Hugging Face
/// cache keeps `snapshots/REV/model.safetensors.index.json` and each shard as links into
/// `blobs/`, and those shards are where the user put them. A model's own links never widen
/// the roots.
package struct ModelFolder: Sendable {
    /// The folder as the model's path gives it ("." for a bare file name).
    let path: String
    /// Real paths the named files may lie in.
    let roots: [String]

    /// The folder of the model at `modelPath`.
    package init(modelPath: String) {
        if let slash = modelPath.lastIndex(of: "/") {
            path = slash == modelPath.startIndex ? "/" : String(modelPath[..<slash])
        } else {
            path = "."
        }
        var roots: [String] = []
        for candidate in [Self.realPath(path), Self.realPath(modelPath).map(Self.parent)] {
            if let candidate, !roots.contains(candidate) { roots.append(candidate) }
        }
        self.roots = roots
    }

    /// `path/name`.
    func join(_ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }

    /// The mapping of `name`, a path relative to the folder that the model names.
    /// - Throws: `FormatError` `.unsafePath` with the real path when it resolves outside the
    ///   roots, `.notRegularFile` (a FIFO, socket, device or folder: never opened blocking),
    ///   `.io` when it does not exist or cannot be mapped. The caller adds tensor and offset.
    package func map(_ name: String) throws(FormatError) -> MappedFile {
        let joined = join(name)
        guard let real = Self.realPath(joined) else {
            throw FormatError(file: joined, kind: .io(MappedFile.describe(errno)))
        }
        guard contains(real) else { throw FormatError(file: joined, kind: .unsafePath(name, resolved: real)) }
        do {
            return try MappedFile(path: joined, opening: real, flags: O_NOFOLLOW) { (fd) throws(FormatError) in
                if let opened = Self.openedPath(fd), !contains(opened) {
                    throw FormatError(file: joined, kind: .unsafePath(name, resolved: opened))
                }
            }
        } catch {
            guard case .notRegularFile(_, let type) = error.kind else { throw error }
            throw FormatError(file: joined, kind: .notRegularFile(name, type: type))
        }
    }

    /// True when the real path `real` lies inside one of the roots.
    func contains(_ real: String) -> Bool {
        roots.contains { root in root == "/" ? real.hasPrefix("/") : real.hasPrefix(root + "/") }
    }

    /// `realpath(path)`: absolute, every symbolic link, `.` and `..` resolved; nil (errno set)
    /// when some component does not exist.
    package static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The path the open descriptor `fd` refers to (`readlink` of `/proc/self/fd/N`), or nil
    /// where /proc is not mounted (then the `realpath` check and `O_NOFOLLOW` stand alone).
    static func openedPath(_ fd: Int32) -> String? {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/fd/\(fd)", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        #else
        return nil
        #endif
    }

    /// The folder part of an absolute real path.
    private static func parent(_ real: String) -> String {
        guard let slash = real.lastIndex(of: "/"), slash != real.startIndex else { return "/" }
        return String(real[..<slash])
    }
}
