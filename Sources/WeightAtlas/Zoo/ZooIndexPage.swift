/// The zoo's `index.html`: one row per model with its result, a thumbnail and a link to its
/// own viewer. Self-contained (no scripts, no network); links are relative.
public enum ZooIndexPage {
    /// Failed checks listed per model before "and N more".
    static let failuresShown = 8

    /// The page for `document`, whose models live in `folders` (same order).
    public static func html(_ document: ZooDocument, folders: [String]) -> String {
        let failed = document.models.filter { !$0.passed }.count
        let checks = document.models.reduce(0) { $0 + $1.checks.count }
        let failedChecks = document.models.reduce(0) { $0 + $1.failures.count }
        let rows = zip(document.models, folders).map { row($0, folder: $1) }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>WeightAtlas zoo</title>
            <style>
            body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}
            table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:6px 10px;text-align:left;vertical-align:top}
            .pass{color:#1a7f37}.fail{color:#cf222e}img{max-height:64px;image-rendering:pixelated}ul{margin:0;padding-left:1.2em}
            </style></head><body>
            <h1>WeightAtlas zoo</h1>
            <p>\(document.models.count) models, \(failed) failed; \(checks) checks, \(failedChecks) failed.</p>
            <table><thead><tr><th></th><th>model</th><th>format</th><th>tensors</th><th>preview</th><th>failed checks</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table></body></html>

            """
    }

    static func row(_ entry: ZooEntry, folder: String) -> String {
        let status = entry.passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">fail</td>"
        let viewer = MarkupEscaping.escape(folder) + "/index.html"
        let name = entry.manifest != nil ? "<a href=\"\(viewer)\">\(MarkupEscaping.escape(entry.path))</a>" : MarkupEscaping.escape(entry.path)
        var format = ""
        if case .string(let text)? = entry.manifest?["format"] { format = MarkupEscaping.escape(text) }
        let preview = entry.images.first.map { image in
            "<a href=\"\(viewer)\"><img src=\"\(MarkupEscaping.escape(folder + "/" + image.image))\" alt=\"\(MarkupEscaping.escape(image.tensor))\"></a>"
        } ?? ""
        let failures = entry.failures
        var items = failures.prefix(failuresShown).map { failure in
            "<li>\(MarkupEscaping.escape(failure.check))\(failure.tensor.map { " <code>\(MarkupEscaping.escape($0))</code>" } ?? ""): \(MarkupEscaping.escape(failure.detail))</li>"
        }
        if failures.count > failuresShown { items.append("<li>and \(failures.count - failuresShown) more</li>") }
        let list = items.isEmpty ? "" : "<ul>" + items.joined() + "</ul>"
        return "<tr>\(status)<td>\(name)</td><td>\(format)</td><td>\(entry.tensorCount)</td><td>\(preview)</td><td>\(list)</td></tr>"
    }

}
