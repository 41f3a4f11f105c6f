import Foundation

/// An earlier zoo.json to compare with (`--baseline OLD/zoo.json`): per model path, the
/// facts of each tensor, in manifest order.
public struct Baseline: Sendable {
    /// Model path → its tensors. Models the baseline could not read are absent.
    public var models: [String: [TensorFacts]]
    /// Models the baseline lists without a manifest (they could not be read then).
    public var unreadable: Set<String> = []
    /// `sha256:…` of the baseline file's bytes, recorded in zoo.json (`ZooProvenance`).
    public var digest: String

    /// The baseline in `bytes`, read from `file` (for messages).
    /// - Throws: `ZooError.document` when it is not JSON or not shaped like zoo.json.
    public init(_ bytes: [UInt8], file: String) throws(ZooError) {
        self.init(try ZooDocument(bytes, file: file), digest: SHA256.tagged(bytes))
    }

    /// The baseline in the zoo.json at `path`.
    /// - Throws: `ZooError.input` when it cannot be read, `.document` when it is not zoo.json.
    public init(contentsOf path: String) throws(ZooError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ZooError.input(path: path, message: "cannot read")
        }
        try self.init(Array(data), file: path)
    }

    /// The baseline of an already read zoo.json whose bytes have `digest` (by default, of its text).
    public init(_ document: ZooDocument, digest: String? = nil) {
        var models: [String: [TensorFacts]] = [:]
        for entry in document.models {
            guard let tensors = entry.manifest?["tensors"]?.elements else {
                unreadable.insert(entry.path)
                continue
            }
            models[entry.path] = tensors.compactMap(ManifestTensor.init(json:)).map(TensorFacts.init(entry:))
        }
        self.models = models
        self.digest = digest ?? SHA256.tagged(Array(document.text.utf8))
    }

    /// Drift of model `path` now measured as `current`: a `shape` result for each tensor in
    /// both, a `drift` result for each of those with the same shape, and failed `added` and
    /// `removed` results. A model the baseline does not hold (or could not read) gets one
    /// skipped `baseline` result saying so: no drift check, and visibly none.
    public func checks(model path: String, current: [TensorFacts], config: CheckConfig) -> [CheckResult] {
        guard config.runs(.drift) else { return [] }
        guard let old = models[path] else {
            let why = unreadable.contains(path) ? "unreadable in the baseline" : "not in the baseline"
            return [.skipped(.baseline, tensor: nil, detail: "\(why): no drift check")]
        }
        let before = Dictionary(old.map { ($0.name, $0) }) { first, _ in first }
        let now = Set(current.map(\.name))
        var results: [CheckResult] = []
        for facts in current where !config.ignores(facts.name) {
            guard let previous = before[facts.name] else {
                results.append(CheckResult(check: .added, tensor: facts.name, passed: false,
                                           detail: "not in the baseline (shape \(Self.shape(facts.shape)))"))
                continue
            }
            let sameShape = previous.shape == facts.shape
            results.append(CheckResult(check: .shape, tensor: facts.name, passed: sameShape,
                                       detail: sameShape ? Self.shape(facts.shape) : "\(Self.shape(previous.shape)) -> \(Self.shape(facts.shape))"))
            if sameShape { results.append(Self.drift(from: previous, to: facts, tolerance: config.tolerance)) }
        }
        for facts in old where !now.contains(facts.name) && !config.ignores(facts.name) {
            results.append(CheckResult(check: .removed, tensor: facts.name, passed: false,
                                       detail: "in the baseline (shape \(Self.shape(facts.shape))), missing now"))
        }
        return results
    }

    /// The `drift` result: each statistic's change in units of the baseline's std (or of
    /// max(|old|, 1) when that std is 0); fails when one is above `tolerance`, or a statistic
    /// appeared or vanished (a tensor that lost every finite value).
    static func drift(from old: TensorFacts, to new: TensorFacts, tolerance: Double) -> CheckResult {
        var failures: [String] = [], largest = (name: "mean", change: 0.0)
        for ((name, a), (_, b)) in zip(old.statistics, new.statistics) {
            guard let a, let b else {
                if (a == nil) != (b == nil) { failures.append("\(name) \(text(a)) -> \(text(b))") }
                continue
            }
            let scale = (old.std ?? 0) > 0 ? old.std! : Swift.max(abs(a), 1)
            let change = abs(b - a) / scale
            if change > largest.change { largest = (name, change) }
            if change > tolerance { failures.append("\(name) \(text(a)) -> \(text(b)) (\(HealthChecks.number(change)) sd)") }
        }
        let detail = failures.isEmpty
            ? "largest change \(HealthChecks.number(largest.change)) sd (\(largest.name)), tolerance \(HealthChecks.number(tolerance))"
            : failures.joined(separator: ", ") + "; tolerance \(HealthChecks.number(tolerance)) sd"
        return CheckResult(check: .drift, tensor: new.name, passed: failures.isEmpty, detail: detail)
    }

    static func text(_ value: Double?) -> String { value.map(HealthChecks.number) ?? "none" }

    static func shape(_ shape: [Int]) -> String { shape.isEmpty ? "scalar" : shape.map(String.init).joined(separator: "x") }
}
