import Foundation

/// The shards of a directory: its index.json when it has one, else its weight files.
///
/// Rule: a `*.safetensors.index.json` is preferred to a `*.bin.index.json` (or any other
/// `*.index.json`); without an index, the `*.safetensors` files are the shards, or, when
/// there are none, the `*.bin`, `*.pt`, `*.pth` and `*.ckpt` files — never both kinds, since
/// a Hugging Face repository often holds the same weights in both. Shards open in name order.
package enum ShardDirectory {
    /// What a directory holds: an index to read, or the shard files to merge.
    enum Contents: Equatable {
        case index(String)
        case shards([String])
    }

    /// The contents of `path`, a directory.
    /// - Throws: `FormatError` `.io` when it cannot be listed, `.unknownFormat` when it holds no shards.
    static func contents(of path: String) throws(FormatError) -> Contents {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            throw FormatError(file: path, format: ShardedFile.formatName, kind: .io("cannot list the directory"))
        }
        let files = names.filter { !$0.hasPrefix(".") && isRegularFile(join(path, $0)) }
        let indexes = files.filter { $0.hasSuffix(".index.json") }
        if let index = indexes.first(where: { $0.hasSuffix(".safetensors.index.json") }) ?? indexes.first {
            return .index(join(path, index))
        }
        let safetensors = files.filter { $0.hasSuffix(".safetensors") }
        let pickled = files.filter { name in [".bin", ".pt", ".pth", ".ckpt"].contains { name.hasSuffix($0) } }
        let shards = safetensors.isEmpty ? pickled : safetensors
        guard !shards.isEmpty else {
            throw FormatError(file: path, format: ShardedFile.formatName, kind: .unknownFormat, offset: 0)
        }
        return .shards(shards.map { join(path, $0) })
    }

    /// True when `path` is a directory.
    package static func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }

    /// True when `path` exists and is not a directory.
    static func isRegularFile(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
    }

    /// `folder/name`.
    package static func join(_ folder: String, _ name: String) -> String {
        folder.hasSuffix("/") ? folder + name : folder + "/" + name
    }
}
