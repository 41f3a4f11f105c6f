import WeightAtlasEncode

/// One model's entry of zoo.json: `{"path", "manifest", "checks"}`; `manifest` is null when
/// the model could not be read (then a failed `read` check says why).
public struct ZooEntry: Sendable, Equatable {
    /// The model's path (relative, as the zoo names it).
    public var path: String
    /// Its manifest as `render` writes it; nil when it could not be read.
    public var manifest: JSONValue?
    /// Every check's result.
    public var checks: [CheckResult]

    /// An entry.
    public init(path: String, manifest: JSONValue?, checks: [CheckResult]) {
        self.path = path
        self.manifest = manifest
        self.checks = checks
    }

    /// True when every check passed.
    public var passed: Bool { checks.allSatisfy(\.passed) }

    /// The failed checks.
    public var failures: [CheckResult] { checks.filter { !$0.passed } }

    /// Image files of the manifest's tensors, relative to the model folder, in model order.
    public var images: [(tensor: String, image: String)] {
        tensors.compactMap { tensor in tensor.image.map { (tensor.name, $0) } }
    }

    /// The manifest's tensor entries, typed (`ManifestTensor`), in model order.
    public var tensors: [ManifestTensor] { ManifestTensor.entries(of: manifest) }

    /// Number of tensors in the manifest.
    public var tensorCount: Int { manifest?["tensors"]?.elements?.count ?? 0 }

    /// The entry as zoo.json holds it.
    public var json: JSONValue {
        .object([("path", .string(path)), ("manifest", manifest ?? .null), ("checks", .array(checks.map(\.json)))])
    }
}
