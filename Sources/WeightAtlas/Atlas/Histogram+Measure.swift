import WeightAtlasEncode
import WeightAtlasRender
import WeightAtlasTensor

extension Histogram {
    /// The histogram of `source`'s finite values, whose extremes the reduce pass found
    /// (`summary`): one more pass, counted by the backend when it counts (OpenCL) or on the
    /// host's cores; nil when there is no finite value.
    /// - Throws: `BackendError` from the backend or from `source`'s dequantiser.
    static func measure(_ source: ValueSource, summary: Summary, backend: any RenderBackend,
                        chunk: Int = 1 << 22) throws(BackendError) -> Histogram? {
        guard summary.finite > 0 else { return nil }
        return try count(source, edges: edges(min: summary.min, max: summary.max), backend: backend, chunk: chunk)
    }

    /// The counts of `source`'s finite values in the bins of `edges` (65, ascending; values
    /// outside them fall into the first or last bin, which no caller's do).
    /// - Throws: `BackendError` from the backend or from `source`'s dequantiser.
    static func count(_ source: ValueSource, edges: [Double], backend: any RenderBackend,
                      chunk: Int = 1 << 22) throws(BackendError) -> Histogram {
        let thresholds = thresholds(edges)
        let counter = backend as? any HistogramCounter ?? CPUBackend()
        var counts = [Int](repeating: 0, count: binCount)
        var scratch: [Float] = []
        try source.forEachChunk(maxCount: chunk, scratch: &scratch) { (range, values) throws(BackendError) in
            try counter.countBins(values, thresholds: thresholds, into: &counts, origin: ValueOrigin(source, start: range.lowerBound))
        }
        return Histogram(lo: edges[0], hi: edges[binCount], counts: counts)
    }

    /// The manifest's `"histogram"` member.
    var json: JSONValue {
        .object([("lo", .finite(lo)), ("hi", .finite(hi)), ("counts", .array(counts.map { .int($0) }))])
    }
}
