import WeightAtlasEncode

/// What drift compares for one tensor: its shape and the statistics a manifest records.
public struct TensorFacts: Sendable, Equatable {
    /// Tensor name.
    public var name: String
    /// Shape.
    public var shape: [Int]
    /// Finite mean, std, min and max (nil when the tensor has no finite value).
    public var mean, std, min, max: Double?

    /// The facts of a freshly measured tensor, as its manifest entry records them.
    public init(_ report: TensorReport) {
        name = report.info.name
        shape = report.info.shape
        let stats = report.stats
        mean = stats.mean
        std = stats.std
        min = stats.finite > 0 ? Double(stats.min) : nil
        max = stats.finite > 0 ? Double(stats.max) : nil
    }

    /// The facts of a manifest's tensor entry; nil when the entry has no name or shape.
    init?(entry: JSONValue) {
        guard case .string(let name)? = entry["name"], let dims = entry["shape"]?.elements else { return nil }
        let shape = dims.compactMap { if case .int(let n) = $0 { n } else { nil } }
        guard shape.count == dims.count else { return nil }
        self.name = name
        self.shape = shape
        let stats = entry["stats"]
        mean = stats?["mean"]?.double
        std = stats?["std"]?.double
        min = stats?["min"]?.double
        max = stats?["max"]?.double
    }

    /// The four statistics by name, in a fixed order.
    var statistics: [(String, Double?)] { [("mean", mean), ("std", std), ("min", min), ("max", max)] }
}
