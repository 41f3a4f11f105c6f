import WeightAtlasEncode

/// The outcome of one check on one tensor (or on the whole model when `tensor` is nil):
/// an entry of zoo.json's `checks`, a test case of the JUnit report.
public struct CheckResult: Sendable, Equatable {
    /// The check: nan, inf, dead, exploded, drift, shape, added, removed, read, or baseline
    /// (a model the baseline does not hold: skipped).
    public var check: Check
    /// The tensor checked; nil for a check of the whole model (`read`, `baseline`).
    public var tensor: String?
    /// True when the check passed (a skipped check does not fail).
    public var passed: Bool
    /// True when the check could not be made (`detail` says why); zoo.json writes
    /// `"skipped": true` only then, so results that were made keep their bytes.
    public var skipped: Bool
    /// What was found, e.g. `3 NaN`.
    public var detail: String

    /// A result.
    public init(check: Check, tensor: String?, passed: Bool, detail: String) {
        self.check = check
        self.tensor = tensor
        self.passed = passed
        self.skipped = false
        self.detail = detail
    }

    /// A check that could not be made, for the reason `detail`: it passes, and says so.
    public static func skipped(_ check: Check, tensor: String?, detail: String) -> CheckResult {
        var result = CheckResult(check: check, tensor: tensor, passed: true, detail: detail)
        result.skipped = true
        return result
    }

    /// `{"check", "tensor", "passed", "detail"}`, with `"skipped": true` before `detail` when skipped.
    public var json: JSONValue {
        .object([("check", .string(check.rawValue)), ("tensor", tensor.map(JSONValue.string) ?? .null), ("passed", .bool(passed))]
                + (skipped ? [("skipped", .bool(true))] : []) + [("detail", .string(detail))])
    }

    /// Reads a result back from zoo.json; nil when the entry is not one (a check name included).
    init?(json: JSONValue) {
        guard case .string(let name)? = json["check"], let check = Check(rawValue: name), case .bool(let passed)? = json["passed"],
              case .string(let detail)? = json["detail"] else { return nil }
        switch json["tensor"] {
        case .string(let name)?: tensor = name
        case .null?: tensor = nil
        default: return nil
        }
        switch json["skipped"] {
        case nil: skipped = false
        case .bool(let flag)?: skipped = flag
        default: return nil
        }
        self.check = check
        self.passed = passed
        self.detail = detail
    }
}
