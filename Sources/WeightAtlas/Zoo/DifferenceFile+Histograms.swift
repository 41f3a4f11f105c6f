extension DifferenceFile {
    /// A's and B's histograms of tensor `name` on one range, [min(A, B), max(A, B)], so the
    /// viewer can draw them over each other; nil when neither has a finite value.
    /// - Throws: `FormatError` reading either file, `BackendError` from the backend.
    func histograms(of name: String, backend: any RenderBackend) throws -> (a: Histogram, b: Histogram)? {
        guard let pair = pairing.pairs[name] else { return nil }
        let sources = [ValueSource(bytes: try a.bytes(of: pair.a), info: pair.a, view: pair.a.storedView),
                       ValueSource(bytes: try b.bytes(of: pair.b), info: pair.b, view: pair.b.storedView)]
        var low = Float.infinity, high = -Float.infinity, finite = 0
        for source in sources {
            let stats = try LayerStatistics.measure(source, units: StatisticsUnits(filter: source.count, group: source.count), backend: backend)
            finite += stats.layer.finite
            if stats.layer.finite > 0 { (low, high) = (min(low, stats.layer.min), max(high, stats.layer.max)) }
        }
        guard finite > 0 else { return nil }
        let edges = Histogram.edges(min: low, max: high)
        return (try Histogram.count(sources[0], edges: edges, backend: backend), try Histogram.count(sources[1], edges: edges, backend: backend))
    }
}
