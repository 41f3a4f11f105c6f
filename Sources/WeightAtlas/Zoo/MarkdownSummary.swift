import Foundation

/// The Markdown summary of a zoo run (a CI step summary): the verdict, a table of models
/// with a linked thumbnail each, and the failed checks.
public enum MarkdownSummary {
    /// Failed checks listed before "and N more".
    static let failuresShown = 50

    /// The summary of `document`, whose models live in `folders` under `base` (a relative
    /// path or URL prefix ending in `/`, or empty): links are `base + folder + "/index.html"`.
    public static func markdown(_ document: ZooDocument, folders: [String], base: String) -> String {
        let failedModels = document.models.filter { !$0.passed }.count
        let failures = zip(document.models, folders).flatMap { entry, _ in entry.failures.map { (entry.path, $0) } }
        var lines = [failedModels == 0
            ? "## WeightAtlas zoo: all \(document.models.count) models passed"
            : "## WeightAtlas zoo: \(failedModels) of \(document.models.count) models failed (\(failures.count) failed checks)", "",
            "| | model | tensors | failed checks | preview |", "|---|---|---|---|---|"]
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
                lines.append("| \(cell(path)) | \(cell(failure.check)) | \(failure.tensor.map { "<code>\(cell($0))</code>" } ?? "") | \(cell(failure.detail)) |")
            }
            if failures.count > failuresShown { lines += ["", "and \(failures.count - failuresShown) more (see the JUnit report or zoo.json)"] }
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
