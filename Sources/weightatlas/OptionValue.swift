/// How an option's text becomes a typed value: an integer in a range, one of an
/// enumeration's cases, a number, a path. `parse` gets the option's name for its message
/// ("--cols must be an integer in 1...1000000, not '0'").
struct OptionValue<Value: Sendable>: Sendable {
    /// The value of `text`, given for the option named `option`.
    let parse: @Sendable (_ text: String, _ option: String) throws(UsageError) -> Value
}

extension OptionValue where Value == String {
    /// Any text: a path, a URL, a glob.
    static var text: OptionValue<String> { OptionValue { text, _ in text } }

    /// One of `words`.
    static func oneOf(_ words: [String]) -> OptionValue<String> {
        OptionValue { text, option throws(UsageError) in
            guard words.contains(text) else { throw .invalid(option, mustBe: "one of \(words.joined(separator: "|"))", not: text) }
            return text
        }
    }
}

extension OptionValue where Value == Int {
    /// A decimal integer in `range`.
    static func integer(in range: ClosedRange<Int>) -> OptionValue<Int> {
        OptionValue { text, option throws(UsageError) in
            guard let number = Int(text), range.contains(number) else {
                throw .invalid(option, mustBe: "an integer in \(range.lowerBound)...\(range.upperBound)", not: text)
            }
            return number
        }
    }
}

extension OptionValue where Value == Double {
    /// A finite number >= 0.
    static var nonNegative: OptionValue<Double> {
        OptionValue { text, option throws(UsageError) in
            guard let value = Double(text), value.isFinite, value >= 0 else { throw .invalid(option, mustBe: "a number >= 0", not: text) }
            return value
        }
    }
}

extension OptionValue where Value: RawRepresentable & CaseIterable, Value.RawValue == String {
    /// One of the enumeration's raw values, e.g. `filter|kernel|layer`.
    static var choice: OptionValue<Value> {
        OptionValue { text, option throws(UsageError) in
            guard let choice = Value(rawValue: text) else {
                throw .invalid(option, mustBe: "one of \(Value.allCases.map(\.rawValue).joined(separator: "|"))", not: text)
            }
            return choice
        }
    }

    /// One of `choices`, by raw value (a subset of the enumeration's cases).
    static func oneOf(_ choices: [Value]) -> OptionValue<Value> where Value: Sendable {
        OptionValue { text, option throws(UsageError) in
            guard let choice = choices.first(where: { $0.rawValue == text }) else {
                throw .invalid(option, mustBe: "one of \(choices.map(\.rawValue).joined(separator: "|"))", not: text)
            }
            return choice
        }
    }
}

extension OptionValue where Value == Double {
    /// A finite number in 0...1 (a fraction).
    static var fraction: OptionValue<Double> {
        OptionValue { text, option throws(UsageError) in
            let value = try nonNegative.parse(text, option)
            guard value <= 1 else { throw UsageError(message: "\(option) must be in 0...1, not \(value)") }
            return value
        }
    }
}
