import WeightAtlasTensor

extension CPUBackend {
    /// Per-segment min/max over finite values, NaN/Inf counts, and Float32 sums.
    public func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int) throws(BackendError) -> [SegmentStats] {
        let count = Self.segmentCount(count: values.count, segmentLength: segmentLength, phase: phase)
        guard count > 0, let base = values.baseAddress else { return [] }
        return record(.reduce) {
            var result = [SegmentStats](repeating: .empty, count: count)
            result.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let output = out.baseAddress!
                nonisolated(unsafe) let base = base
                let total = values.count
                // Enough blocks to balance the cores; each takes a run of whole segments.
                let blocks = min(count, workers * 8)
                parallel(blocks) { block in
                    for j in (count * block / blocks)..<(count * (block + 1) / blocks) {
                        let start = max(0, j * segmentLength - phase)
                        let end = min(total, (j + 1) * segmentLength - phase)
                        output[j] = Self.statistics(base + start, end - start)
                    }
                }
            }
            return result
        }
    }

    /// Statistics of `count` values. Sums run in Float32 SIMD lanes over blocks of 4096
    /// values and add up in Float64.
    static func statistics(_ values: UnsafePointer<Float>, _ count: Int) -> SegmentStats {
        var lo = Float.infinity, hi = -Float.infinity
        var sum = 0.0, squares = 0.0
        var start = 0
        while start < count {
            let block = min(4096, count - start)
            let part = blockStatistics(values + start, block)
            lo = min(lo, part.min)
            hi = max(hi, part.max)
            sum += Double(part.sum)
            squares += Double(part.sumSquares)
            start += block
        }
        if sum.isFinite && squares.isFinite {
            return SegmentStats(min: lo, max: hi, nan: 0, inf: 0, sum: Float(sum), sumSquares: Float(squares))
        }
        // A NaN or ±infinity made the sums non-finite (or huge values overflowed them):
        // count carefully, leaving non-finite values out.
        return finiteStatistics(values, count)
    }

    /// Unmasked statistics of up to 4096 values: right whenever every value is finite.
    @inline(__always)
    static func blockStatistics(_ values: UnsafePointer<Float>, _ count: Int) -> SegmentStats {
        typealias V = SIMD16<Float>
        var vmin = V(repeating: .infinity), vmax = V(repeating: -.infinity)
        var vsum = V(), vsq = V()
        var i = 0
        let raw = UnsafeRawPointer(values)
        while i + 16 <= count {
            let v = raw.loadUnaligned(fromByteOffset: i * 4, as: V.self)
            // replace(with:where:) compiles to compare + blend; pointwiseMin is ~30× slower here.
            vmin.replace(with: v, where: v .< vmin)
            vmax.replace(with: v, where: v .> vmax)
            vsum += v
            vsq += v * v
            i += 16
        }
        var lo = vmin[0], hi = vmax[0], sum: Float = 0, sq: Float = 0
        for k in 0..<16 {
            lo = vmin[k] < lo ? vmin[k] : lo
            hi = vmax[k] > hi ? vmax[k] : hi
            sum += vsum[k]
            sq += vsq[k]
        }
        while i < count {
            let v = values[i]
            lo = v < lo ? v : lo
            hi = v > hi ? v : hi
            sum += v
            sq += v * v
            i += 1
        }
        return SegmentStats(min: lo, max: hi, nan: 0, inf: 0, sum: sum, sumSquares: sq)
    }

    /// Statistics that skip NaN and ±infinity, in Float64 (the rare path).
    static func finiteStatistics(_ values: UnsafePointer<Float>, _ count: Int) -> SegmentStats {
        var stats = SegmentStats.empty
        var sum = 0.0, squares = 0.0
        for i in 0..<count {
            let v = values[i]
            if v.isNaN {
                stats.nan += 1
            } else if v.isInfinite {
                stats.inf += 1
            } else {
                stats.min = min(stats.min, v)
                stats.max = max(stats.max, v)
                sum += Double(v)
                squares += Double(v) * Double(v)
            }
        }
        stats.sum = Float(sum)
        stats.sumSquares = Float(squares)
        return stats
    }
}
