import WeightAtlasEncode
import WeightAtlasFormats

/// `diff A B`: per-layer difference atlases of B − A (rendered like any weight file, with the
/// caller's options: symmetric and diverging by default in the CLI) plus `diff.json` with the
/// per-filter statistics of the change and what could not be compared.
public struct CheckpointDiff {
    /// How the differences are rendered.
    public var atlas: AtlasRun

    /// A diff rendering with `atlas`.
    public init(atlas: AtlasRun) { self.atlas = atlas }

    /// Renders B − A into `directory` (images, manifest.json, index.html) and writes
    /// `diff.json`. Returns the difference (its `mismatched`, `onlyInA`, `onlyInB`) and the
    /// JSON written. `nameA` and `nameB` are how the files are named in the outputs.
    /// - Throws: `AtlasError` from reading either file, the backend, or the output.
    public mutating func run(_ a: any WeightFile, _ b: any WeightFile, nameA: String, nameB: String,
                             to directory: String) throws(AtlasError) -> (DifferenceFile, JSONValue) {
        let difference = DifferenceFile(a: a, b: b)
        let reports = try atlas.render(difference, model: "\(nameB) - \(nameA)", to: directory)
        var tensors: [JSONValue] = []
        for report in reports {
            let filters: [FilterChange]
            do { filters = try difference.filterChanges(of: report.info.name) } catch { throw .format(error) }
            var total = FilterChange()
            filters.forEach { total.add($0) }
            var members: [(String, JSONValue)] = [
                ("name", .string(report.info.name)), ("shape", .array(report.info.shape.map { .int($0) })),
                ("change", total.json(index: nil)),
            ]
            if let counterpart = difference.counterpart(of: report.info.name), counterpart.name != report.info.name {
                members.append(("b_name", .string(counterpart.name)))
            }
            if let heads = difference.counterpart(of: report.info.name)?.rotaryHeads { members.append(("b_rows_unpermuted_heads", .int(heads))) }
            if let image = report.image { members.append(("image", .string(image))) }
            if let pair = report.histogramPair { members += [("histogram_a", pair.a.json), ("histogram_b", pair.b.json)] }
            members.append(("filters", .array(filters.enumerated().map { $0.element.json(index: $0.offset) })))
            tensors.append(.object(members))
        }
        let document = JSONValue.object([
            ("a", .string(nameA)), ("b", .string(nameB)), ("tensors", .array(tensors)),
            ("mismatched", .array(difference.mismatched.map { item in
                .object([("name", .string(item.name)), ("shape_a", .array(item.a.map { .int($0) })),
                         ("shape_b", .array(item.b.map { .int($0) }))])
            })),
            ("only_in_a", .array(difference.onlyInA.map(JSONValue.string))),
            ("only_in_b", .array(difference.onlyInB.map(JSONValue.string))),
        ])
        do throws(OutputError) {
            try AtomicFile.write(Array((document.serialized(indent: 1) + "\n").utf8), to: directory + "/diff.json")
        } catch { throw .output(error) }
        return (difference, document)
    }
}
