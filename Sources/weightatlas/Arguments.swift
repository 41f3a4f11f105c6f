/// A command line parsed against the options a command declares: its positional arguments
/// and the texts given for each option. Values are read by declaration, typed:
/// `try arguments.value(ImageOptions.scale)` is an `Int?`.
struct Arguments {
    private(set) var positional: [String] = []

    /// The positional arguments when there are exactly `count` of them.
    /// - Throws: `UsageError` "`command` takes `what` (got N)" otherwise.
    func positional(_ count: Int, _ what: String, for command: String) throws(UsageError) -> [String] {
        guard positional.count == count else {
            throw UsageError(message: "\(command) takes \(what) (got \(positional.count))")
        }
        return positional
    }
    private var texts: [String: [String]] = [:]
    private let declared: Set<String>

    /// Parses `words` against `specs`: `--name value`, `--name=value`, `-o value`, flags, and `--`.
    /// - Throws: `UsageError` for an unknown option (with the nearest name), a missing value,
    ///   a value given to a flag, or an option given twice that is not repeatable.
    init(_ words: [String], specs: [OptionSpec]) throws(UsageError) {
        declared = Set(specs.map(\.name))
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
            if texts[spec.name] != nil && !spec.repeatable {
                throw UsageError(message: "\(spec.name) given more than once")
            }
            texts[spec.name, default: []].append(value)
        }
    }

    /// `--name=value` as (`--name`, `value`); any other word as (word, nil).
    static func split(_ word: String) -> (String, String?) {
        guard word.hasPrefix("--"), let equals = word.firstIndex(of: "=") else { return (word, nil) }
        return (String(word[..<equals]), String(word[word.index(after: equals)...]))
    }

    /// The option's value: its default when not given.
    /// - Throws: `UsageError` naming the option and the text that is not one of its values.
    func value<Value>(_ option: Option<Value>) throws(UsageError) -> Value {
        try option.value(from: given(texts: option))
    }

    /// The option's value when given, else `fallback` (a command's own default, as `diff`'s `--scope layer`).
    func value<Value>(_ option: Option<Value>, default fallback: Value) throws(UsageError) -> Value {
        given(option) ? try value(option) : fallback
    }

    /// True when the option is on the command line.
    func given<Value>(_ option: Option<Value>) -> Bool { !given(texts: option).isEmpty }

    private func given<Value>(texts option: Option<Value>) -> [String] {
        precondition(declared.contains(option.spec.name), "\(option.spec.name) is read but not declared by this command")
        return texts[option.spec.name] ?? []
    }
}

