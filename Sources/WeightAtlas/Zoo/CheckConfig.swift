import WeightAtlasEncode
import WeightAtlasFormats

/// Which health checks a zoo run makes, and their limits: from `--checks FILE` and flags.
///
/// The file is one JSON object, every key optional:
///
///     {
///       "checks": ["nan", "inf", "dead", "exploded", "drift", "lora-targets", "noisy"],   // the checks to run (default: all but noisy)
///       "max_abs": 10000,          // exploded: fails when a finite |x| is above this
///       "dead_fraction": 0.5,      // dead: fails when more than this fraction of filters is constant
///       "strict": false,           // every check on every tensor, whatever its CheckRole
///       "tolerance": 0.1,          // drift: largest change of mean/std/min/max, in baseline std units
///       "noisy_roughness": 0.8,    // noisy (opt-in): largest median roughness of the first spatial layer
///       "ignore": ["*.num_batches_tracked"]   // tensors no check looks at (globs)
///     }
///
/// `drift` also covers shape changes and tensors added or removed; it runs only with a baseline.
public struct CheckConfig: Sendable, Equatable {
    /// Every check a configuration can name.
    public static let allChecks = Check.configurable
    /// Checks that run only when named (`--noisy-roughness`, or `checks` in the file).
    public static let optIn: Set<Check> = [.noisy]

    /// The checks to run.
    public var enabled: Set<Check> = Set(allChecks).subtracting(optIn)
    /// Largest median roughness of a model's first spatial layer that passes `noisy`: trained
    /// first layers of the real corpus measure 0.37–0.67, Gaussian initialisations of the same
    /// shapes 1.0 (their 5th percentile over 200 draws 0.94, the lowest 0.84).
    public var noisyRoughness: Double = 0.8
    /// Largest finite |x| that passes `exploded`.
    public var maxAbs: Double = 10_000
    /// Largest fraction of constant filters that passes `dead`: a layer with a few constant
    /// filters is common in healthy models (an STFT front end's zero imaginary parts, pruned
    /// channels); a layer mostly dead is broken.
    public var deadFraction: Double = 0.5
    /// Every check on every tensor (integers, running statistics and scalars included).
    public var strict = false
    /// Largest change of a statistic that passes `drift`, in units of the baseline's std.
    public var tolerance: Double = 0.1
    /// Tensors no check looks at.
    public var ignore: [String] = []

    /// The defaults: every check, limits as documented.
    public init() {}

    /// True when `check` is enabled.
    public func runs(_ check: Check) -> Bool { enabled.contains(check) }

    /// True when the checks skip `tensor`.
    public func ignores(_ tensor: String) -> Bool { !ignore.isEmpty && TensorSelection(ignore).contains(tensor) }

    /// The configuration as a `--checks` file would spell it (checks in `allChecks` order):
    /// what zoo.json records, so `merge` refuses shards checked differently.
    public var json: JSONValue {
        .object([
            ("checks", .array(Self.allChecks.filter(enabled.contains).map { .string($0.rawValue) })),
            ("max_abs", .finite(maxAbs)), ("dead_fraction", .finite(deadFraction)), ("strict", .bool(strict)),
            ("tolerance", .finite(tolerance)), ("noisy_roughness", .finite(noisyRoughness)),
            ("ignore", .array(ignore.map(JSONValue.string))),
        ])
    }

    /// The configuration in `bytes`, the contents of the file `file` (for messages).
    /// - Throws: `ZooError.checks` naming the key, what is wrong, and its byte offset.
    public static func parse(_ bytes: [UInt8], file: String) throws(ZooError) -> CheckConfig {
        let node: JSONNode
        do throws(SyntaxError) { node = try JSONValue.parseNode(bytes) } catch {
            throw ZooError.checks(file: file, offset: error.offset, message: "not JSON: \(error.message)")
        }
        guard case .object(let members) = node else {
            throw ZooError.checks(file: file, offset: 0, message: "expected an object, found \(node.typeName)")
        }
        var config = CheckConfig()
        for member in members {
            try config.apply(member.key, member.value, file: file, offset: member.offset)
        }
        return config
    }

    mutating func apply(_ key: String, _ value: JSONNode, file: String, offset: Int) throws(ZooError) {
        func fail(_ message: String) -> ZooError { .checks(file: file, offset: offset, message: "\"\(key)\": \(message)") }
        func number() throws(ZooError) -> Double {
            guard case .number(let text) = value, let number = Double(text), number >= 0 else {
                throw fail("expected a number >= 0, found \(value.typeName)")
            }
            return number
        }
        func strings() throws(ZooError) -> [String] {
            guard case .array(let items) = value else { throw fail("expected an array of strings, found \(value.typeName)") }
            return try items.map { (item) throws(ZooError) -> String in
                guard case .string(let text) = item else { throw fail("expected strings, found \(item.typeName)") }
                return text
            }
        }
        switch key {
        case "checks":
            let names = try strings()
            let checks = names.map { Check(rawValue: $0).flatMap { Self.allChecks.contains($0) ? $0 : nil } }
            if let unknown = zip(names, checks).first(where: { $0.1 == nil })?.0 {
                throw fail("unknown check '\(unknown)' (known: \(Self.allChecks.map(\.rawValue).joined(separator: ", ")))")
            }
            enabled = Set(checks.compactMap { $0 })
        case "max_abs": maxAbs = try number()
        case "dead_fraction":
            deadFraction = try number()
            guard deadFraction <= 1 else { throw fail("a fraction must be in 0...1") }
        case "tolerance": tolerance = try number()
        case "noisy_roughness": noisyRoughness = try number()
        case "strict":
            guard case .bool(let flag) = value else { throw fail("expected true or false, found \(value.typeName)") }
            strict = flag
        case "ignore": ignore = try strings()
        default:
            throw fail("unknown key (known: checks, max_abs, dead_fraction, strict, tolerance, noisy_roughness, ignore)")
        }
    }
}
