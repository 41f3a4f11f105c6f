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

    /// The facts of a manifest's tensor entry.
    init(entry: ManifestTensor) {
        name = entry.name
        shape = entry.shape
        mean = entry.stats?.mean
        std = entry.stats?.std
        min = entry.stats?.min
        max = entry.stats?.max
    }

    /// The four statistics by name, in a fixed order.
    var statistics: [(String, Double?)] { [("mean", mean), ("std", std), ("min", min), ("max", max)] }
}
