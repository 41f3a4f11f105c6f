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
    /// - Throws: `FormatError` `.malformedHeader` (not JSON, not LoRA, a missing or mistyped
    ///   field, with the member's offset) or `.overBudget`.
    init(json: UnsafeRawBufferPointer) throws(FormatError) {
        let root = try JSONNode.parseHeader(json, fileSize: json.count)
        guard case .object(let members) = root else { throw FormatError(kind: .malformedHeader("not a JSON object"), offset: 0) }
        func member(_ key: String) -> (offset: Int, value: JSONNode)? {
            members.first { $0.key == key }.map { ($0.offset, $0.value) }
        }
        func fail(_ why: String, _ key: String) -> FormatError {
            FormatError(kind: .malformedHeader(why), offset: member(key)?.offset ?? 0)
        }
        if let type = member("peft_type"), case .string(let name) = type.value, name != "LORA" {
            throw fail("peft_type is \(name), only LORA adapters are read", "peft_type")
        }
        guard let r = member("r")?.value.nonNegativeInteger, r > 0 else { throw fail("\"r\" must be a positive integer", "r") }
        guard let alpha = member("lora_alpha").flatMap({ Self.number($0.value) }) else {
            throw fail("\"lora_alpha\" must be a number", "lora_alpha")
        }
        self.r = r
        self.alpha = alpha
        switch member("target_modules")?.value {
        case .array(let items)?:
            var names: [String] = []
            for item in items {
                guard case .string(let name) = item else { throw fail("target_modules holds a \(item.typeName)", "target_modules") }
                names.append(name)
            }
            targetModules = names
        case .string(let regex)?: targetRegex = regex
        case nil, .null?: break
        case let other?: throw fail("target_modules is a \(other.typeName)", "target_modules")
        }
        useRSLoRA = try Self.flag(member("use_rslora"), "use_rslora", fail)
        fanInFanOut = try Self.flag(member("fan_in_fan_out"), "fan_in_fan_out", fail)
        rankPattern = try Self.pattern(member("rank_pattern"), "rank_pattern", fail) { $0.nonNegativeInteger }
        alphaPattern = try Self.pattern(member("alpha_pattern"), "alpha_pattern", fail) { Self.number($0) }
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
                     _ fail: (String, String) -> FormatError) throws(FormatError) -> Bool {
        switch member?.value {
        case nil, .null?: return false
        case .bool(let value)?: return value
        case let other?: throw fail("\"\(key)\" is a \(other.typeName), not a bool", key)
        }
    }

    static func pattern<V>(_ member: (offset: Int, value: JSONNode)?, _ key: String, _ fail: (String, String) -> FormatError,
                           _ value: (JSONNode) -> V?) throws(FormatError) -> [(key: String, value: V)] {
        switch member?.value {
        case nil, .null?: return []
        case .object(let entries)?:
            var result: [(key: String, value: V)] = []
            for entry in entries {
                guard let v = value(entry.value) else {
                    throw FormatError(kind: .malformedHeader("\(key) '\(entry.key)' is a \(entry.value.typeName)"), offset: entry.offset)
                }
                result.append((entry.key, v))
            }
            return result
        case let other?: throw fail("\"\(key)\" is a \(other.typeName), not an object", key)
        }
    }
}
