import WeightAtlasEncode
import WeightAtlasTensor

/// Statistics of each attention head of a projection: its row block (Q, K, V: head h is rows
/// h·d ..< (h+1)·d of [out, in]) or column block (O). Finite values only; sums in Double, in
/// row-major order, so the numbers are the same on every run.
public struct HeadStatistics: Sendable, Equatable {
    /// One head's numbers.
    public struct Head: Sendable, Equatable {
        public var min: Float = .infinity
        public var max: Float = -.infinity
        public var sum = 0.0
        public var squares = 0.0
        public var finite = 0
        /// Mean of the finite values.
        public var mean: Double { finite > 0 ? sum / Double(finite) : 0 }
        /// Population standard deviation of the finite values.
        public var std: Double { finite > 0 ? Swift.max(0, squares / Double(finite) - mean * mean).squareRoot() : 0 }

        /// Adds the finite values of `run` (one row's part of this head), in order, in locals.
        mutating func add(_ run: UnsafeBufferPointer<Float>) {
            var (low, high, s, q, n) = (min, max, sum, squares, finite)
            for x in run where x.isFinite {
                low = Swift.min(low, x)
                high = Swift.max(high, x)
                s += Double(x)
                q += Double(x) * Double(x)
                n += 1
            }
            (min, max, sum, squares, finite) = (low, high, s, q, n)
        }
    }

    /// Which projection.
    public var role: AttentionHeads.Role
    /// The heads, in order.
    public var heads: [Head]
    /// True when heads are row blocks (Q, K, V), false for column blocks (O).
    public var rows: Bool

    /// Measures `source`, the [out, in] matrix in row-major order, split into `count` heads.
    /// - Throws: `BackendError` when the source's dequantiser fails.
    public init(role: AttentionHeads.Role, count: Int, rows: Bool, shape: [Int], source: ValueSource) throws(BackendError) {
        self.role = role
        self.rows = rows
        var heads = [Head](repeating: Head(), count: count)
        let (height, width) = (shape[0], shape[1])
        let perHead = (rows ? height : width) / count
        var scratch: [Float] = []
        let rowsPerChunk = Swift.max(1, (1 << 20) / Swift.max(1, width))
        try source.forEachChunk(maxCount: rowsPerChunk * width, unit: width, scratch: &scratch) { (range, values) throws(BackendError) in
            let firstRow = range.lowerBound / width
            for r in 0..<(range.count / width) {
                let row = UnsafeBufferPointer(rebasing: values[(r * width)..<((r + 1) * width)])
                if rows {
                    heads[(firstRow + r) / perHead].add(row)
                } else {
                    for h in 0..<count { heads[h].add(UnsafeBufferPointer(rebasing: row[(h * perHead)..<((h + 1) * perHead)])) }
                }
            }
        }
        self.heads = heads
    }

    /// The manifest's `"heads"` and `"head_stats"` members.
    var members: [(String, JSONValue)] {
        [("heads", .int(heads.count)), ("head_role", .string(role.rawValue)), ("head_axis", .string(rows ? "rows" : "cols")),
         ("head_stats", .array(heads.map { head in
             .object([("min", head.finite > 0 ? .finite(Double(head.min)) : .null),
                      ("max", head.finite > 0 ? .finite(Double(head.max)) : .null),
                      ("mean", .finite(head.mean)), ("std", .finite(head.std))])
         }))]
    }
}
