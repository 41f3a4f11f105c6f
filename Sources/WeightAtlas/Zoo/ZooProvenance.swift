import WeightAtlasEncode

/// What a zoo output was made from, recorded at the top of its zoo.json so `merge` can tell
/// the shards of one run from a stale or foreign one: the tool's version, the walk (how many
/// models, and a digest of their paths and sizes: every shard walks the whole zoo), the check
/// configuration, a digest of the render options, the baseline's digest, and for a shard which
/// one of how many. A merge of every shard writes the same record less `shard`, which is
/// exactly what one run over the whole zoo writes; a partial merge adds `partial`.
///
///     "weightatlas": "0.9.0",
///     "walk": {"models": 9, "digest": "sha256:…"},
///     "config": {"checks": {…as --checks spells it…}, "render": "sha256:…"},
///     "baseline": {"digest": "sha256:…"} | null,
///     "shard": {"index": 1, "count": 4},            (a shard of more than one only)
///     "partial": {"shards": 4, "missing": [2]},     (merge --allow-partial only)
public struct ZooProvenance: Sendable, Equatable {
    /// `WeightAtlasVersion.string` of the writer.
    public var version: String
    /// Models in the whole walk (all shards).
    public var walkModels: Int
    /// `sha256:…` of the walk's paths and sizes (`walkDigest(of:)`).
    public var walkDigest: String
    /// The check configuration (`CheckConfig.json`).
    public var checks: JSONValue
    /// `sha256:…` of the render options, tensor selection and compression.
    public var render: String
    /// `sha256:…` of the baseline file; nil without one (drift not checked).
    public var baseline: String?
    /// Which shard this output is; nil for a whole zoo (or a shard of 1).
    public var shard: ZooShard?
    /// The shards a partial merge lacks; nil when complete.
    public var partial: ZooPartial?

    /// The record of `run` rendering `shard` of `walk` (every model the walk found).
    public init(walk: [ZooModel], run: ZooRun, shard: ZooShard?) {
        version = WeightAtlasVersion.string
        walkModels = walk.count
        walkDigest = Self.walkDigest(of: walk)
        checks = run.checks.json
        let atlas = run.atlas
        render = SHA256.tagged(Array("\(String(reflecting: atlas.options))|\(atlas.selection.patterns)|\(atlas.compression.rawValue)".utf8))
        baseline = run.baseline?.digest
        self.shard = shard.flatMap { $0.count > 1 ? $0 : nil }
    }

    /// True when drift was to be checked but there was no baseline (a first run): the reports say so.
    public var driftWithoutBaseline: Bool {
        baseline == nil && (checks["checks"]?.elements ?? []).contains(.string("drift"))
    }

    /// `sha256:…` of the compact JSON array of `[path, bytes]` of each model, in walk order.
    public static func walkDigest(of walk: [ZooModel]) -> String {
        let list = JSONValue.array(walk.map { .array([.string($0.path), .int($0.bytes)]) })
        return SHA256.tagged(Array(list.serialized().utf8))
    }

    /// The members zoo.json holds before `models`.
    var members: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            ("weightatlas", .string(version)),
            ("walk", .object([("models", .int(walkModels)), ("digest", .string(walkDigest))])),
            ("config", .object([("checks", checks), ("render", .string(render))])),
            ("baseline", baseline.map { .object([("digest", .string($0))]) } ?? .null),
        ]
        if let shard { members.append(("shard", .object([("index", .int(shard.index)), ("count", .int(shard.count))]))) }
        if let partial {
            members.append(("partial", .object([("shards", .int(partial.count)), ("missing", .array(partial.missing.map(JSONValue.int)))])))
        }
        return members
    }

    /// The record in a parsed zoo.json; nil when it has none (written by an earlier version, or by a library
    /// caller that set no provenance).
    /// - Throws: `ZooError.document` when the record is there but malformed.
    init?(_ document: JSONValue, file: String) throws(ZooError) {
        guard let versionValue = document["weightatlas"] else { return nil }
        func fail(_ what: String) -> ZooError { .document(file: file, offset: nil, message: "malformed \(what)") }
        guard case .string(let version) = versionValue else { throw fail("\"weightatlas\" version") }
        guard case .int(let count)? = document["walk"]?["models"], case .string(let digest)? = document["walk"]?["digest"] else {
            throw fail("\"walk\"")
        }
        guard let checks = document["config"]?["checks"], case .string(let render)? = document["config"]?["render"] else {
            throw fail("\"config\"")
        }
        (self.version, walkModels, walkDigest, self.checks, self.render) = (version, count, digest, checks, render)
        switch document["baseline"] {
        case .null?: baseline = nil
        case let value?:
            guard case .string(let digest)? = value["digest"] else { throw fail("\"baseline\"") }
            baseline = digest
        case nil: throw fail("\"baseline\" (missing)")
        }
        if let value = document["shard"] {
            guard case .int(let index)? = value["index"], case .int(let count)? = value["count"],
                  let shard = try? ZooShard(index: index, count: count) else { throw fail("\"shard\"") }
            self.shard = shard
        }
        if let value = document["partial"] {
            guard case .int(let count)? = value["shards"], let missing = value["missing"]?.elements,
                  case let indices = missing.compactMap({ if case .int(let i) = $0 { i } else { nil } }),
                  indices.count == missing.count else { throw fail("\"partial\"") }
            partial = ZooPartial(count: count, missing: indices)
        }
    }

    /// What differs between the runs that wrote `self` and `other` (shard and partial aside),
    /// as a phrase for an error; nil when they are the same run's.
    public func difference(from other: ZooProvenance) -> String? {
        if version != other.version { return "was written by weightatlas \(version), the other by \(other.version)" }
        if walkModels != other.walkModels || walkDigest != other.walkDigest {
            return "walked another zoo (\(walkModels) models, \(walkDigest.prefix(19))…; the other \(other.walkModels) models, \(other.walkDigest.prefix(19))…): a stale shard of an earlier run, or the zoo changed between shards"
        }
        if checks != other.checks { return "was checked with another configuration (\(checks.serialized()); the other \(other.checks.serialized()))" }
        if render != other.render { return "was rendered with other options (render \(render.prefix(19))…; the other \(other.render.prefix(19))…)" }
        if baseline != other.baseline {
            return "was checked against another baseline (\(baseline.map { $0.prefix(19) + "…" } ?? "none"); the other \(other.baseline.map { $0.prefix(19) + "…" } ?? "none"))"
        }
        return nil
    }
}

/// The shards a merge made with `--allow-partial` lacks: zoo.json, the JUnit report and the
/// summary say so, and the merge exits 1.
public struct ZooPartial: Sendable, Equatable, CustomStringConvertible {
    /// Shards the run had.
    public var count: Int
    /// Indices of the shards that were not merged, ascending.
    public var missing: [Int]

    /// A partial merge lacking `missing` of `count` shards.
    public init(count: Int, missing: [Int]) {
        self.count = count
        self.missing = missing.sorted()
    }

    /// `partial: shard 2 of 4 missing` (or `shards 1, 2 of 4`).
    public var description: String {
        "partial: shard\(missing.count == 1 ? "" : "s") \(missing.map(String.init).joined(separator: ", ")) of \(count) missing"
    }
}
