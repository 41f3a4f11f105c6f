import WeightAtlasEncode

/// The zoo's `index.html`: one row per model with its result, a thumbnail and a link to its
/// own viewer. Self-contained (no network; one script, which only acts on `#selftest`);
/// links are relative. The table fits the window: previews sit in a bounded box
/// (`object-fit: contain`) and long names wrap, so the failed checks stay in view.
public enum ZooIndexPage {
    /// Failed checks listed per model before "and N more".
    static let failuresShown = 8
    /// The preview box in CSS pixels.
    static let previewWidth = 240, previewHeight = 96

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
            table{border-collapse:collapse;width:100%;table-layout:fixed}
            td,th{border-bottom:1px solid #ddd;padding:6px 10px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            col.status{width:4em}col.model{width:22%}col.format{width:9em}col.tensors{width:6em}col.preview{width:\(previewWidth + 20)px}
            .pass{color:#1a7f37}.fail{color:#cf222e}ul{margin:0;padding-left:1.2em}
            img.preview{display:block;width:\(previewWidth)px;height:\(previewHeight)px;object-fit:contain;object-position:left center;image-rendering:pixelated}
            img.preview.crop{object-fit:cover;object-position:left top}img.preview.smooth{image-rendering:auto}
            </style></head><body>
            <h1>WeightAtlas zoo</h1>
            <p>\(document.models.count) models, \(failed) failed; \(checks) checks, \(failedChecks) failed.</p>
            <table><colgroup><col class="status"><col class="model"><col class="format"><col class="tensors"><col class="preview"><col></colgroup>
            <thead><tr><th></th><th>model</th><th>format</th><th>tensors</th><th>preview</th><th>failed checks</th></tr></thead>
            <tbody>
            \(rows)
            </tbody></table>
            <pre id="selftest" hidden></pre>
            <script>\(selftestScript)</script>
            </body></html>

            """
    }

    static func row(_ entry: ZooEntry, folder: String) -> String {
        let status = entry.passed ? "<td class=\"pass\">pass</td>" : "<td class=\"fail\">fail</td>"
        let viewer = MarkupEscaping.escape(folder) + "/index.html"
        let name = entry.manifest != nil ? "<a href=\"\(viewer)\">\(MarkupEscaping.escape(entry.path))</a>" : MarkupEscaping.escape(entry.path)
        var format = ""
        if case .string(let text)? = entry.manifest?["format"] { format = MarkupEscaping.escape(text) }
        let preview = entry.preview.map { image in
            "<a href=\"\(viewer)\"><img class=\"\(previewClass(width: image.width, height: image.height))\" src=\"\(MarkupEscaping.escape(folder + "/" + image.image))\""
                + " alt=\"\(MarkupEscaping.escape(image.tensor))\" title=\"\(MarkupEscaping.escape(image.tensor))\"></a>"
        } ?? ""
        let failures = entry.failures
        var items = failures.prefix(failuresShown).map { failure in
            "<li>\(MarkupEscaping.escape(failure.check.rawValue))\(failure.tensor.map { " <code>\(MarkupEscaping.escape($0))</code>" } ?? ""): \(MarkupEscaping.escape(failure.detail))</li>"
        }
        if failures.count > failuresShown { items.append("<li>and \(failures.count - failuresShown) more</li>") }
        let list = items.isEmpty ? "" : "<ul>" + items.joined() + "</ul>"
        return "<tr>\(status)<td>\(name)</td><td>\(format)</td><td>\(entry.tensorCount)</td><td>\(preview)</td><td class=\"checks\">\(list)</td></tr>"
    }

    /// How a `width`×`height` image sits in the preview box: contained, unless that would
    /// show its short side as a sliver (under a quarter of the box's): then it covers the box
    /// from its top left (a 12,999×25 filter bank shows its first filters, not a line); and
    /// smooth when the box shrinks it (nearest-neighbour would draw bands), crisp otherwise.
    static func previewClass(width: Int, height: Int) -> String {
        guard width > 0, height > 0 else { return "preview" }
        let bw = Double(previewWidth), bh = Double(previewHeight), w = Double(width), h = Double(height)
        let contain = min(bw / w, bh / h)
        let crop = w * contain < bw / 4 || h * contain < bh / 4
        let scale = crop ? max(bw / w, bh / h) : contain
        return "preview" + (crop ? " crop" : "") + (scale < 1 ? " smooth" : "")
    }

    /// `Viewer/zoo-selftest.js` (embedded, `EmbeddedViewer`): with `#selftest`, writes what a
    /// person would see into `#selftest` as JSON for headless tests (`--dump-dom`): the page's
    /// and the window's width, and per row how far right its failed checks and its preview reach.
    static let selftestScript = ViewerPage.withoutFinalNewline(EmbeddedViewer.zooSelftestJS)

}
