/// A health check, or the outcome a zoo records in its place: what zoo.json's `check`, the
/// JUnit test case's type and `--checks`' `checks` spell (the raw value).
public enum Check: String, Sendable, Equatable, Hashable, CaseIterable, CustomStringConvertible {
    /// NaN values.
    case nan
    /// ±Inf values.
    case inf
    /// Filters that are constant.
    case dead
    /// A finite |x| above the limit.
    case exploded
    /// Statistics moved from the baseline's.
    case drift
    /// A LoRA delta whose module the adapter's config does not declare.
    case loraTargets = "lora-targets"
    /// A first spatial layer whose roughness says it is still noise (opt-in).
    case noisy
    /// The tensor's shape against the baseline's (part of `drift`).
    case shape
    /// A tensor the baseline does not hold (part of `drift`).
    case added
    /// A baseline tensor the model no longer holds (part of `drift`).
    case removed
    /// The model file could not be read.
    case read
    /// A model the baseline does not hold: the drift check is skipped.
    case baseline

    /// The checks a configuration can name, in the order `--checks` files list them.
    public static let configurable: [Check] = [.nan, .inf, .dead, .exploded, .drift, .loraTargets, .noisy]

    /// The spelling in zoo.json, JUnit and `--checks`.
    public var description: String { rawValue }
}
