import Foundation
import WeightAtlasEncode

/// zoo.json: what the run was made from (`ZooProvenance`, when recorded), then
/// `"models": [ZooEntry...]`, models sorted by path.
public struct ZooDocument: Sendable, Equatable {
    /// The run's record; nil in a zoo.json written without one (older versions).
    public var provenance: ZooProvenance?
    /// The models, sorted by path.
    public var models: [ZooEntry]

    /// A document of `models` (sorted here) made as `provenance` says.
    public init(models: [ZooEntry], provenance: ZooProvenance? = nil) {
        self.models = models.sorted { $0.path < $1.path }
        self.provenance = provenance
    }

    /// Reads zoo.json text from `bytes` (`file` names it in errors).
    /// - Throws: `ZooError.document` with the byte offset of a syntax error, or what is missing.
    public init(_ bytes: [UInt8], file: String) throws(ZooError) {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw ZooError.document(file: file, offset: error.offset, message: error.message)
        }
        guard let models = value["models"]?.elements else {
            throw ZooError.document(file: file, offset: nil, message: "no \"models\" array")
        }
        var entries: [ZooEntry] = []
        for (i, model) in models.enumerated() {
            guard case .string(let path)? = model["path"], let checks = model["checks"]?.elements,
                  let manifest = model["manifest"] else {
                throw ZooError.document(file: file, offset: nil, message: "models[\(i)] lacks path, manifest or checks")
            }
            let results = checks.compactMap(CheckResult.init(json:))
            guard results.count == checks.count else {
                throw ZooError.document(file: file, offset: nil, message: "models[\(i)] (\(path)) has a malformed check")
            }
            entries.append(ZooEntry(path: path, manifest: manifest == .null ? nil : manifest, checks: results))
        }
        self.init(models: entries, provenance: try ZooProvenance(value, file: file))
    }

    /// Reads the zoo.json at `path`.
    /// - Throws: `ZooError.input` when it cannot be read, `.document` when it is not zoo.json.
    public init(contentsOf path: String) throws(ZooError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZooError.input(path: path, message: "cannot read")
        }
        try self.init(Array(data), file: path)
    }

    /// True when every check of every model passed and no shard is missing.
    public var passed: Bool { models.allSatisfy(\.passed) && provenance?.partial == nil }

    /// The text of zoo.json (indented, ending in a newline): the same bytes for the same models
    /// and record.
    public var text: String {
        JSONValue.object((provenance?.members ?? []) + [("models", .array(models.map(\.json)))]).serialized(indent: 1) + "\n"
    }

    /// Output folder names of the models, in order (a function of all the paths).
    public var folders: [String] { ZooFolderNames.names(for: models.map(\.path)) }
}
