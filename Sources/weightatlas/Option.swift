/// What the parser and the help need of an option, whatever the type of its value.
struct OptionSpec: Sendable, Equatable {
    /// Whether an option takes a value, and how often it may be given.
    enum Arity: Sendable, Equatable {
        /// No value; at most once.
        case flag
        /// One value; at most once.
        case single
        /// One value each time; any number of times.
        case repeated
    }

    /// Long name with dashes, e.g. `--cols`.
    var name: String
    /// Short alias, e.g. `-o`.
    var short: String?
    /// The value's placeholder in the help (`N`, `DIR`); empty for a flag.
    var placeholder: String
    /// The help line.
    var help: String
    /// Flag, one value, or repeatable.
    var arity: Arity

    /// True when the option takes a value.
    var takesValue: Bool { arity != .flag }
    /// True when it may be given more than once.
    var repeatable: Bool { arity == .repeated }
}

/// One command-line option, declared once: its name, alias, placeholder and help line (the
/// parser and `--help` read them from `spec`), the value when it is not given, and how the
/// texts given become a `Value`, with the usage error that names the option and the bad text.
struct Option<Value: Sendable>: Sendable {
    let spec: OptionSpec
    /// The value when the option is not on the command line.
    let defaultValue: Value
    /// The value from the texts given: never empty, in command-line order (a single option's
    /// last text is its value; a flag's texts are not read).
    private let convert: @Sendable ([String]) throws(UsageError) -> Value

    /// The value of the option given as `texts` (in command-line order; empty when not given).
    /// - Throws: `UsageError` naming the option and the text that is not a `Value`.
    func value(from texts: [String]) throws(UsageError) -> Value {
        texts.isEmpty ? defaultValue : try convert(texts)
    }

    private init(spec: OptionSpec, defaultValue: Value, convert: @escaping @Sendable ([String]) throws(UsageError) -> Value) {
        self.spec = spec
        self.defaultValue = defaultValue
        self.convert = convert
    }

    /// An option taking one value read by `kind`, `defaultValue` when not given.
    init(_ name: String, short: String? = nil, placeholder: String, help: String,
         _ kind: OptionValue<Value>, default defaultValue: Value) {
        let spec = OptionSpec(name: name, short: short, placeholder: placeholder, help: help, arity: .single)
        self.init(spec: spec, defaultValue: defaultValue) { texts throws(UsageError) in try kind.parse(texts[texts.count - 1], name) }
    }

    /// An option taking one value read by `kind`, nil when not given.
    init<Wrapped>(_ name: String, short: String? = nil, placeholder: String, help: String,
                  _ kind: OptionValue<Wrapped>) where Value == Wrapped? {
        let spec = OptionSpec(name: name, short: short, placeholder: placeholder, help: help, arity: .single)
        self.init(spec: spec, defaultValue: nil) { texts throws(UsageError) in try kind.parse(texts[texts.count - 1], name) }
    }

    /// An option that may be given any number of times, each value read by `kind`; `[]` when not given.
    static func repeated<Element>(_ name: String, placeholder: String, help: String,
                                  _ kind: OptionValue<Element>) -> Option<[Element]> where Value == [Element] {
        let spec = OptionSpec(name: name, placeholder: placeholder, help: help, arity: .repeated)
        return Option<[Element]>(spec: spec, defaultValue: []) { texts throws(UsageError) in
            try texts.map { text throws(UsageError) in try kind.parse(text, name) }
        }
    }

    /// A flag: true when given, false otherwise.
    static func flag(_ name: String, short: String? = nil, help: String) -> Option<Bool> where Value == Bool {
        Option<Bool>(spec: OptionSpec(name: name, short: short, placeholder: "", help: help, arity: .flag),
                     defaultValue: false) { _ in true }
    }
}
