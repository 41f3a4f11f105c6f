/// Statistics of one run of values, as the reduce stage of every backend writes them.
///
/// The memory layout matches `segment_stats` in Kernels/reduce.cl (24 bytes). min and max
/// are over finite values and exact; sum and sumSquares are Float32 partial sums (a backend
/// may add them in any order, so they may differ in the last bits between backends).
@frozen
public struct SegmentStats: Sendable, Equatable {
    /// Smallest finite value (+inf when there is none).
    public var min: Float
    /// Largest finite value (−inf when there is none).
    public var max: Float
    /// Count of NaN values.
    public var nan: UInt32
    /// Count of ±infinite values.
    public var inf: UInt32
    /// Sum of the finite values.
    public var sum: Float
    /// Sum of the squares of the finite values.
    public var sumSquares: Float

    /// Statistics of no values.
    public static let empty = SegmentStats(min: .infinity, max: -.infinity, nan: 0, inf: 0, sum: 0, sumSquares: 0)

    /// Creates statistics.
    public init(min: Float, max: Float, nan: UInt32, inf: UInt32, sum: Float, sumSquares: Float) {
        self.min = min
        self.max = max
        self.nan = nan
        self.inf = inf
        self.sum = sum
        self.sumSquares = sumSquares
    }
}

/// Statistics of a group of values, accumulated from segments in Float64.
public struct Summary: Sendable, Equatable {
    /// Smallest finite value (+inf when there is none).
    public var min: Float = .infinity
    /// Largest finite value (−inf when there is none).
    public var max: Float = -.infinity
    /// Count of finite values.
    public var finite: Int = 0
    /// Count of NaN values.
    public var nan: Int = 0
    /// Count of ±infinite values.
    public var inf: Int = 0
    /// Sum of the finite values.
    public var sum: Double = 0
    /// Sum of the squares of the finite values.
    public var sumSquares: Double = 0

    /// An empty summary.
    public init() {}

    /// Adds a segment of `length` values.
    public mutating func add(_ segment: SegmentStats, length: Int) {
        min = Swift.min(min, segment.min)
        max = Swift.max(max, segment.max)
        nan += Int(segment.nan)
        inf += Int(segment.inf)
        finite += length - Int(segment.nan) - Int(segment.inf)
        sum += Double(segment.sum)
        sumSquares += Double(segment.sumSquares)
    }

    /// Adds another summary.
    public mutating func add(_ other: Summary) {
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        nan += other.nan
        inf += other.inf
        finite += other.finite
        sum += other.sum
        sumSquares += other.sumSquares
    }

    /// Mean of the finite values (nil when there are none).
    public var mean: Double? { finite > 0 ? sum / Double(finite) : nil }

    /// Population standard deviation of the finite values (nil when there are none).
    public var std: Double? {
        guard let mean else { return nil }
        return (Swift.max(0, sumSquares / Double(finite) - mean * mean)).squareRoot()
    }

    /// True when the finite values are all equal (or there are none): a dead filter.
    public var isConstant: Bool { !(min < max) }
}
