#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// One model of a zoo: where it is read from, the name it goes by, and its output folder.
public struct ZooModel: Sendable, Equatable {
    /// The path relative to the directory it was found in (or as listed): its name in zoo.json,
    /// the key of shard selection and of the baseline. Never absolute for a walked directory.
    public var path: String
    /// Where to open it (a file, or a folder of shards).
    public var location: String
    /// Its folder inside the output: derived from `path`, unique within the zoo.
    public var folder: String

    /// A model named `path`, read from `location`, written to `folder`.
    public init(path: String, location: String, folder: String = "") {
        self.path = path
        self.location = location
        self.folder = folder
    }

    /// Size in bytes of the model's file, or of the regular files directly inside its folder,
    /// symbolic links followed (`stat`, not `lstat`: the Hugging Face cache links each file to
    /// a blob, and a link's own size is the length of its target's name); 0 when unreadable.
    public var bytes: Int {
        var info = stat()
        guard stat(location, &info) == 0 else { return 0 }
        if info.st_mode & S_IFMT == S_IFREG { return Int(info.st_size) }
        guard info.st_mode & S_IFMT == S_IFDIR, let names = try? FileManager.default.contentsOfDirectory(atPath: location) else { return 0 }
        return names.reduce(0) { total, name in
            var entry = stat()
            guard stat(location + "/" + name, &entry) == 0, entry.st_mode & S_IFMT == S_IFREG else { return total }
            return total + Int(entry.st_size)
        }
    }
}
