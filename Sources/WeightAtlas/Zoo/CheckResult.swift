/// The outcome of one check on one tensor (or on the whole model when `tensor` is nil):
/// an entry of zoo.json's `checks`, a test case of the JUnit report.
public struct CheckResult: Sendable, Equatable {
    /// The check: nan, inf, dead, exploded, drift, shape, added, removed, or read.
    public var check: String
    /// The tensor checked; nil for a check of the whole model (`read`).
    public var tensor: String?
    /// True when the check passed.
    public var passed: Bool
    /// What was found, e.g. `3 NaN`.
    public var detail: String

    /// A result.
    public init(check: String, tensor: String?, passed: Bool, detail: String) {
        self.check = check
        self.tensor = tensor
        self.passed = passed
        self.detail = detail
    }

    /// `{"check", "tensor", "passed", "detail"}`.
    public var json: JSONValue {
        .object([("check", .string(check)), ("tensor", tensor.map(JSONValue.string) ?? .null),
                 ("passed", .bool(passed)), ("detail", .string(detail))])
    }

    /// Reads a result back from zoo.json; nil when the entry is not one.
    init?(json: JSONValue) {
        guard case .string(let check)? = json["check"], case .bool(let passed)? = json["passed"],
              case .string(let detail)? = json["detail"] else { return nil }
        switch json["tensor"] {
        case .string(let name)?: tensor = name
        case .null?: tensor = nil
        default: return nil
        }
        self.check = check
        self.passed = passed
        self.detail = detail
    }
}
