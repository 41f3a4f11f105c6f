import WeightAtlasEncode

/// Statistics of the change B − A over one filter (a slice along the first dimension; the
/// whole tensor for 0- and 1-D tensors), accumulated chunk by chunk.
public struct FilterChange: Sendable, Equatable {
    /// Smallest finite change (+inf when there is none).
    public var min: Float = .infinity
    /// Largest finite change (−inf when there is none).
    public var max: Float = -.infinity
    /// Count of finite changes.
    public var finite = 0
    /// Count of changes that are NaN or ±Inf (a non-finite value in A or B).
    public var nonFinite = 0
    /// Sum of the finite changes.
    public var sum: Double = 0
    /// Sum of their squares.
    public var sumSquares: Double = 0
    /// Sum of the squares of A's finite values where the change is finite (for `relative`).
    public var baseSquares: Double = 0
    /// Largest finite |A| where the change is finite (for `maxRelative`).
    public var baseMaxAbs: Float = 0

    /// An empty accumulator.
    public init() {}

    /// Adds one value of A and its change.
    mutating func add(base: Float, change: Float) {
        guard change.isFinite else { nonFinite += 1; return }
        min = Swift.min(min, change)
        max = Swift.max(max, change)
        finite += 1
        sum += Double(change)
        sumSquares += Double(change) * Double(change)
        baseSquares += Double(base) * Double(base)
        baseMaxAbs = Swift.max(baseMaxAbs, abs(base))
    }

    /// Adds another accumulator.
    mutating func add(_ other: FilterChange) {
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        finite += other.finite
        nonFinite += other.nonFinite
        sum += other.sum
        sumSquares += other.sumSquares
        baseSquares += other.baseSquares
        baseMaxAbs = Swift.max(baseMaxAbs, other.baseMaxAbs)
    }

    /// Largest finite |change|.
    public var maxAbs: Double { finite > 0 ? Double(Swift.max(abs(min), abs(max))) : 0 }
    /// Root mean square of the finite changes.
    public var rms: Double { finite > 0 ? (sumSquares / Double(finite)).squareRoot() : 0 }
    /// ‖B − A‖ / ‖A‖ over the filter (nil when A is all zero there).
    public var relative: Double? { baseSquares > 0 ? (sumSquares / baseSquares).squareRoot() : nil }
    /// max |B − A| / max |A| over the filter: the worst error against the weights' scale (nil
    /// when A is all zero there).
    public var maxRelative: Double? { baseMaxAbs > 0 ? maxAbs / Double(baseMaxAbs) : nil }

    /// The statistics as JSON (`index` given for a filter, nil for a whole tensor).
    func json(index: Int?) -> JSONValue {
        var members: [(String, JSONValue)] = index.map { [("index", .int($0))] } ?? []
        members += [
            ("min", finite > 0 ? .finite(Double(min)) : .null), ("max", finite > 0 ? .finite(Double(max)) : .null),
            ("mean", finite > 0 ? .finite(sum / Double(finite)) : .null), ("rms", .finite(rms)), ("max_abs", .finite(maxAbs)),
            ("relative", .finite(relative)), ("max_relative", .finite(maxRelative)), ("non_finite", .int(nonFinite)),
        ]
        return .object(members)
    }
}
