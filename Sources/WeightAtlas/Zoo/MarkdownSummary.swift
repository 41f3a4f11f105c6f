import Foundation
import WeightAtlasEncode

/// The Markdown summary of a zoo run (a CI step summary): the verdict (marked partial when
/// shards are missing), a note when drift went unchecked for want of a baseline, a table of
/// models with a linked thumbnail each, the failed checks, and the skipped ones (models not in
/// the baseline).
public enum MarkdownSummary {
    /// Failed checks listed before "and N more".
    static let failuresShown = 50

    /// The summary of `document`, whose models live in `folders` under `base` (a relative
    /// path or URL prefix ending in `/`, or empty): links are `base + folder + "/index.html"`.
    public static func markdown(_ document: ZooDocument, folders: [String], base: String) -> String {
        let failedModels = document.models.filter { !$0.passed }.count
        let failures = zip(document.models, folders).flatMap { entry, _ in entry.failures.map { (entry.path, $0) } }
        let skipped = document.models.flatMap { entry in entry.checks.filter(\.skipped).map { (entry.path, $0) } }
        let partial = document.provenance?.partial
        var lines = [(partial.map { "## WeightAtlas zoo (\($0)): " } ?? "## WeightAtlas zoo: ") + (failedModels == 0
            ? "all \(document.models.count) models passed"
            : "\(failedModels) of \(document.models.count) models failed (\(failures.count) failed checks)"), ""]
        if let partial {
            lines += ["**Partial result:** \(partial.missing.count == 1 ? "shard" : "shards") \(partial.missing.map(String.init).joined(separator: ", ")) of \(partial.count) \(partial.missing.count == 1 ? "was" : "were") not merged; their models are missing from this report.", ""]
        }
        if document.provenance?.driftWithoutBaseline == true {
            lines += ["No baseline: drift checks skipped (a first run; give this zoo.json as the next run's --baseline).", ""]
        }
        lines += ["| | model | tensors | failed checks | preview |", "|---|---|---|---|---|"]
        for (entry, folder) in zip(document.models, folders) {
            let viewer = link(base) + MarkdownEscaping.path(folder + "/index.html")
            let name = entry.manifest != nil ? "[\(cell(entry.path))](\(viewer))" : cell(entry.path)
            let preview = entry.preview.map { image in
                "[<img src=\"\(link(base) + MarkdownEscaping.path(folder + "/" + image.image))\" height=\"48\" alt=\"\(MarkdownEscaping.attribute(image.tensor))\">](\(viewer))"
            } ?? ""
            lines.append("| \(entry.passed ? "✅" : "❌") | \(name) | \(entry.tensorCount) | \(entry.failures.count) of \(entry.checks.count) | \(preview) |")
        }
        if !failures.isEmpty {
            lines += ["", "### Failed checks", "", "| model | check | tensor | detail |", "|---|---|---|---|"]
            for (path, failure) in failures.prefix(failuresShown) {
                lines.append("| \(cell(path)) | \(cell(failure.check.rawValue)) | \(failure.tensor.map { "<code>\(cell($0))</code>" } ?? "") | \(cell(failure.detail)) |")
            }
            if failures.count > failuresShown { lines += ["", "and \(failures.count - failuresShown) more (see the JUnit report or zoo.json)"] }
        }
        if !skipped.isEmpty {
            lines += ["", "### Skipped checks", "", "| model | check | detail |", "|---|---|---|"]
            for (path, result) in skipped.prefix(failuresShown) {
                lines.append("| \(cell(path)) | \(cell(result.check.rawValue)) | \(cell(result.detail)) |")
            }
            if skipped.count > failuresShown { lines += ["", "and \(skipped.count - failuresShown) more (see zoo.json)"] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text safe inside a table cell.
    static func cell(_ text: String) -> String { MarkdownEscaping.text(text) }

    /// The user's `--summary-base` (trusted, may be a URL) with spaces, parentheses and quotes
    /// percent-encoded; the folder and file names after it go through `MarkdownEscaping.path`.
    static func link(_ target: String) -> String {
        target.replacingOccurrences(of: " ", with: "%20").replacingOccurrences(of: "(", with: "%28")
            .replacingOccurrences(of: ")", with: "%29").replacingOccurrences(of: "\"", with: "%22")
    }
}
