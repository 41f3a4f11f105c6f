import WeightAtlasRender
import WeightAtlasTensor

extension DifferenceFile {
    /// A's and B's histograms of tensor `name` on one range, [min(A, B), max(A, B)] (found while
    /// the difference was computed), so the viewer can draw them over each other; nil when
    /// neither has a finite value.
    /// - Throws: `FormatError` reading either file, `BackendError` from the backend.
    func histograms(of name: String, backend: any RenderBackend) throws -> (a: Histogram, b: Histogram)? {
        guard let pair = pairing.pairs[name] else { return nil }
        let sources = [ValueSource(bytes: try a.bytes(of: pair.a), info: pair.a, view: pair.a.storedView),
                       ValueSource(bytes: try b.bytes(of: pair.b), info: pair.b, view: pair.b.storedView)]
        guard let range = try sharedRange(of: name) else { return nil }
        let edges = Histogram.edges(min: range.low, max: range.high)
        return (try Histogram.count(sources[0], edges: edges, backend: backend), try Histogram.count(sources[1], edges: edges, backend: backend))
    }
}
