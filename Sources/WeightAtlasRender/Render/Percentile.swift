/// Exact percentiles of a large set of values in two streaming passes and bounded memory:
/// a radix select on the order-preserving 32-bit keys of the finite values.
public enum Percentile {
    /// The `q`-th and `(100 − q)`-th percentiles of the finite values (numpy's default
    /// linear interpolation between order statistics). nil when there are no finite values.
    /// `forEachChunk` must present the same values each time it is called.
    public static func bounds(q: Double, finiteCount: Int,
                              forEachChunk: ((UnsafeBufferPointer<Float>) -> Void) -> Void) -> (lo: Float, hi: Float)? {
        guard finiteCount > 0 else { return nil }
        let q = min(max(q, 0), 100)
        let positions = [q, 100 - q].map { $0 / 100 * Double(finiteCount - 1) }
        let ranks = Array(Set(positions.flatMap { [Int($0.rounded(.down)), Int($0.rounded(.up))] })).sorted()
        // Pass 1: histogram of the high 16 bits finds each rank's bucket.
        var high = [Int](repeating: 0, count: 65_536)
        forEachChunk { values in
            for v in values where v.isFinite { high[Int(key(v) >> 16)] += 1 }
        }
        var bucketOf: [Int: (bucket: Int, below: Int)] = [:]
        var seen = 0, rankIndex = 0
        for bucket in 0..<65_536 where rankIndex < ranks.count {
            while rankIndex < ranks.count && ranks[rankIndex] < seen + high[bucket] {
                bucketOf[ranks[rankIndex]] = (bucket, seen)
                rankIndex += 1
            }
            seen += high[bucket]
        }
        // Pass 2: histograms of the low 16 bits inside those buckets give the exact keys. At
        // most four buckets: a linear scan of their ids beats a dictionary lookup per value.
        let buckets = Array(Set(bucketOf.values.map(\.bucket))).sorted()
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 65_536), count: buckets.count)
        let ids = buckets.map { UInt32($0) }
        forEachChunk { values in
            for v in values where v.isFinite {
                let k = key(v), high = k >> 16
                for (slot, id) in ids.enumerated() where id == high { counts[slot][Int(k & 0xFFFF)] += 1 }
            }
        }
        let low = Dictionary(uniqueKeysWithValues: zip(buckets, counts))
        func value(atRank rank: Int) -> Double {
            let (bucket, below) = bucketOf[rank]!
            var seen = below
            for bits in 0..<65_536 {
                seen += low[bucket]![bits]
                if rank < seen { return Double(float(UInt32(bucket) << 16 | UInt32(bits))) }
            }
            preconditionFailure("rank \(rank) not found: the chunks changed between passes")
        }
        let interpolated = positions.map { position -> Float in
            let below = value(atRank: Int(position.rounded(.down))), above = value(atRank: Int(position.rounded(.up)))
            return Float(below + (above - below) * (position - position.rounded(.down)))
        }
        return (interpolated[0], interpolated[1])
    }

    /// Order-preserving key of a finite float: negative values flip all bits, others set the sign bit.
    @inline(__always)
    static func key(_ v: Float) -> UInt32 {
        let bits = v.bitPattern
        return bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    }

    static func float(_ key: UInt32) -> Float {
        Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7FFF_FFFF : ~key)
    }
}
