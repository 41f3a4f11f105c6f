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
                let row = firstRow + r
                for c in 0..<width {
                    let x = values[r * width + c]
                    guard x.isFinite else { continue }
                    let h = rows ? row / perHead : c / perHead
                    heads[h].min = Swift.min(heads[h].min, x)
                    heads[h].max = Swift.max(heads[h].max, x)
                    heads[h].sum += Double(x)
                    heads[h].squares += Double(x) * Double(x)
                    heads[h].finite += 1
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
