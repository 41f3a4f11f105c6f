/// A command line that does not follow the usage (exit 2).
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// One option a command accepts.
struct OptionSpec {
    /// Long name with dashes, e.g. `--cols`.
    var name: String
    /// Short alias, e.g. `-o`.
    var short: String? = nil
    /// True when the option takes a value.
    var takesValue = true
    /// True when it may be given more than once.
    var repeatable = false
    /// Value placeholder and help line.
    var placeholder = ""
    var help = ""
}

/// A parsed command line: positional arguments and option values by long name.
struct Arguments {
    var positional: [String] = []
    var values: [String: [String]] = [:]

    /// Parses `words` against `specs`: `--name value`, `--name=value`, `-o value`, flags, and `--`.
    init(_ words: [String], specs: [OptionSpec]) throws(UsageError) {
        var index = 0
        var onlyPositional = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositional || !word.hasPrefix("-") || word == "-" {
                positional.append(word)
                continue
            }
            if word == "--" { onlyPositional = true; continue }
            let (name, inline) = Self.split(word)
            guard let spec = specs.first(where: { $0.name == name || $0.short == name }) else {
                throw UsageError(message: Suggestion.message("unknown option \(name)", for: name,
                                                             in: specs.map(\.name) + ["--help"]))
            }
            var value = "true"
            if spec.takesValue {
                if let inline { value = inline } else {
                    guard index < words.count else { throw UsageError(message: "\(spec.name) needs a value (\(spec.placeholder))") }
                    value = words[index]
                    index += 1
                }
            } else if inline != nil {
                throw UsageError(message: "\(spec.name) takes no value")
            }
            if values[spec.name] != nil && !spec.repeatable {
                throw UsageError(message: "\(spec.name) given more than once")
            }
            values[spec.name, default: []].append(value)
        }
    }

    static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// True when the flag was given.
    func flag(_ name: String) -> Bool { values[name] != nil }

    /// The option's value, if given.
    func value(_ name: String) -> String? { values[name]?.last }

    /// All values of a repeatable option.
    func all(_ name: String) -> [String] { values[name] ?? [] }

    /// The option as an integer in `range`.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(message: "\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), not '\(text)'")
        }
        return number
    }

    /// The option as one of an enumeration's raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(UsageError) -> T? where T.RawValue == String {
        guard let text = value(name) else { return nil }
        guard let choice = T(rawValue: text) else {
            throw UsageError(message: "\(name) must be one of \(T.allCases.map(\.rawValue).joined(separator: "|")), not '\(text)'")
        }
        return choice
    }
}
