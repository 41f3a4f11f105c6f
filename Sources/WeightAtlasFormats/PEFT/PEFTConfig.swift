// A PEFT LoRA adapter's adapter_config.json (the fields this reader uses; others are ignored):
//
//   config        = { "peft_type": "LORA", "r": int, "lora_alpha": number,
//                     "target_modules": [name, ...] | regex string | null,
//                     "use_rslora": bool?, "fan_in_fan_out": bool?,
//                     "rank_pattern": { key: int }?, "alpha_pattern": { key: number }? }
//
// A pattern key applies to a module whose name is the key or ends in "." + key (the plain
// names PEFT writes there; keys are not read as regular expressions).

/// The LoRA settings of an adapter folder.
struct PEFTConfig: Sendable {
    /// Default rank.
    var r: Int
    /// Default alpha.
    var alpha: Double
    /// Module names (suffixes) the adapter declares it adapts; nil when given as a regex or absent.
    var targetModules: [String]?
    /// `target_modules` when PEFT was given a regular expression (full match on the module name).
    var targetRegex: String?
    /// rsLoRA: scale = alpha / √r instead of alpha / r.
    var useRSLoRA: Bool
    /// The base weights are stored transposed (GPT-2's Conv1D), so the delta is too.
    var fanInFanOut: Bool
    /// Per-module rank overrides.
    var rankPattern: [(key: String, value: Int)]
    /// Per-module alpha overrides.
    var alphaPattern: [(key: String, value: Double)]

    /// Parses `json` (the whole adapter_config.json).
    /// - Throws: `FormatError` `.malformedHeader` (not JSON), `.unexpectedValue` (not LoRA, a
    ///   mistyped field, with the member's offset), `.missingField` or `.overBudget`.
    init(json: UnsafeRawBufferPointer) throws(FormatError) {
        let root = try JSONNode.parseHeader(json, fileSize: json.count)
        guard case .object(let members) = root else {
            throw FormatError(kind: .unexpectedValue(field: "adapter_config.json", expected: "an object", found: root.typeName), offset: 0)
        }
        func member(_ key: String) -> (offset: Int, value: JSONNode)? {
            members.first { $0.key == key }.map { ($0.offset, $0.value) }
        }
        func fail(_ key: String, _ expected: String, _ found: String?) -> FormatError {
            guard let at = member(key) else { return FormatError(kind: .missingField("\"\(key)\" (\(expected))"), offset: 0) }
            return FormatError(kind: .unexpectedValue(field: "\"\(key)\"", expected: expected, found: found ?? at.value.typeName),
                               offset: at.offset)
        }
        if let type = member("peft_type"), case .string(let name) = type.value, name != "LORA" {
            throw fail("peft_type", "LORA (only LoRA adapters are read)", name)
        }
        guard let r = member("r")?.value.nonNegativeInteger, r > 0 else { throw fail("r", "a positive integer", nil) }
        guard let alpha = member("lora_alpha").flatMap({ Self.number($0.value) }) else {
            throw fail("lora_alpha", "a number", nil)
        }
        self.r = r
        self.alpha = alpha
        switch member("target_modules")?.value {
        case .array(let items)?:
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else {
                    throw fail("target_modules", "an array of strings", "an array holding a \(item.typeName)")
                }
                names.append(name)
            }
            targetModules = names
        case .string(let regex)?: targetRegex = regex
        case nil, .null?: break
        case .some: throw fail("target_modules", "an array or a string", nil)
        }
        useRSLoRA = try Self.flag(member("use_rslora"), "use_rslora", fail)
        fanInFanOut = try Self.flag(member("fan_in_fan_out"), "fan_in_fan_out", fail)
        rankPattern = try Self.pattern(member("rank_pattern"), "rank_pattern", of: "an integer", fail) { $0.nonNegativeInteger }
        alphaPattern = try Self.pattern(member("alpha_pattern"), "alpha_pattern", of: "a number", fail) { Self.number($0) }
    }

    /// The scale of a module of rank `rank`: alpha / rank, or alpha / √rank with rsLoRA.
    func scale(module: String, rank: Int) -> Double {
        let alpha = alphaPattern.first { Self.matches(module, $0.key) }?.value ?? self.alpha
        return useRSLoRA ? alpha / Double(rank).squareRoot() : alpha / Double(rank)
    }

    /// The rank the config gives `module`.
    func rank(module: String) -> Int { rankPattern.first { Self.matches(module, $0.key) }?.value ?? r }

    /// True when `module` is one the config declares (nil when it says in a regex: not checked here).
    func declares(_ module: String) -> Bool? {
        guard let targetModules else { return nil }
        return targetModules.contains { Self.matches(module, $0) }
    }

    /// True when `module` is `key` or ends in "." + key.
    static func matches(_ module: String, _ key: String) -> Bool { module == key || module.hasSuffix("." + key) }

    static func number(_ node: JSONNode) -> Double? {
        guard case .number(let text) = node, let value = Double(text), value.isFinite else { return nil }
        return value
    }

    static func flag(_ member: (offset: Int, value: JSONNode)?, _ key: String,
                     _ fail: (String, String, String?) -> FormatError) throws(FormatError) -> Bool {
        switch member?.value {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case .some: throw fail(key, "a bool", nil)
        }
    }

    static func pattern<V>(_ member: (offset: Int, value: JSONNode)?, _ key: String, of expected: String,
                           _ fail: (String, String, String?) -> FormatError,
                           _ value: (JSONNode) -> V?) throws(FormatError) -> [(key: String, value: V)] {
        switch member?.value {
        case nil, .null?: return []
        case .object(let entries)?:
            var result: [(key: String, value: V)] = []
            for entry in entries {
                guard let v = value(entry.value) else {
                    throw FormatError(kind: .unexpectedValue(field: "\(key) '\(entry.key)'", expected: expected,
                                                             found: entry.value.typeName), offset: entry.offset)
                }
                result.append((entry.key, v))
            }
            return result
        case .some: throw fail(key, "an object", nil)
        }
    }
}
