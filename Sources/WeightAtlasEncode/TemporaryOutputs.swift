#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The process-wide registry of temporary outputs (files and folders written under a
/// `.tmp-PID` name and not yet renamed into place), so that a process stopped by SIGINT or
/// SIGTERM can remove them before it exits: `AtomicFile`, the PNG writers and
/// `DeepZoomWriter` register what they create; the CLI's signal thread calls `removeAll`.
public enum TemporaryOutputs {
    private static let paths = Mutex<Set<String>>([])

    /// Records `path` as a temporary output (file or folder).
    public static func register(_ path: String) {
        _ = paths.withLock { $0.insert(path) }
    }

    /// Forgets `path` (it was renamed into place or removed).
    public static func unregister(_ path: String) {
        _ = paths.withLock { $0.remove(path) }
    }

    /// Renames `temporary` to `path` and forgets it, atomically with respect to `removeAll`.
    /// - Returns: `rename`'s result (0 on success; errno is set otherwise).
    public static func commit(_ temporary: String, to path: String) -> Int32 {
        paths.withLock { set in
            let result = rename(temporary, path)
            if result == 0 { set.remove(temporary) }
            return result
        }
    }

    /// The temporary outputs now registered.
    public static var registered: Set<String> { paths.withLock { $0 } }

    /// Removes every registered temporary output — files, and folders (a Deep Zoom tile
    /// folder) with everything inside — and then calls `body` (the process exit) with the
    /// paths that could not be removed, still holding the registry, so that no writer can
    /// commit a file afterwards. Writers may still be adding tiles to a folder meanwhile:
    /// it is first renamed away (new files can no longer be created under its old name),
    /// then emptied until it stays empty.
    public static func removeAll(then body: ([String]) -> Never) -> Never {
        paths.withLock { set -> Never in
            var failed: [String] = []
            for path in set.sorted() where !remove(path) { failed.append(path) }
            set.removeAll()
            body(failed)
        }
    }

    /// Removes `path`, a file or a folder tree (symbolic links inside are removed, never
    /// followed). Returns true when nothing is left (calls `lstat`, `unlink`, `rename`, `rmdir`).
    static func remove(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0 else { return errno == ENOENT }
        guard (info.st_mode & S_IFMT) == S_IFDIR else { return unlink(path) == 0 || errno == ENOENT }
        let doomed = path + "-removing"
        let target = rename(path, doomed) == 0 ? doomed : path
        for attempt in 0..<200 {
            if removeTree(target) { return true }
            if attempt > 0 { usleep(1_000) }   // a tile opened before the rename is still being written
        }
        return false
    }

    /// Empties and removes the folder `path`; false when it is not gone afterwards.
    private static func removeTree(_ path: String) -> Bool {
        if let handle = opendir(path) {
            var names: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(handle)
            for name in names {
                let child = path + "/" + name
                var info = stat()
                guard lstat(child, &info) == 0 else { continue }
                if (info.st_mode & S_IFMT) == S_IFDIR { _ = removeTree(child) } else { unlink(child) }
            }
        }
        return rmdir(path) == 0 || errno == ENOENT
    }
}
