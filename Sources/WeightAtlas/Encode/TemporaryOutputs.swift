import Foundation
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

    /// Removes every registered temporary output and then calls `body` (the process exit)
    /// still holding the registry, so that no writer can commit a file afterwards.
    public static func removeAll(then body: () -> Never) -> Never {
        paths.withLock { set -> Never in
            for path in set where unlink(path) != 0 {
                try? FileManager.default.removeItem(atPath: path)
            }
            set.removeAll()
            body()
        }
    }
}
