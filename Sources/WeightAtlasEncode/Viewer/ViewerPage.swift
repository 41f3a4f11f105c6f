/// `index.html`: a self-contained viewer of an atlas (no network, works from file://) — the
/// layer list with shapes and statistics, search, zoom and pan over images and Deep Zoom
/// pyramids, hover details per tile, and a legend for the colormap and normalisation.
/// Keys: ArrowUp/ArrowDown (or k/j) step through the layers the search leaves shown.
public enum ViewerPage {
    /// The page for `manifest` (the document `manifest.json` holds); `colormaps` maps each
    /// colormap name to its 768-byte table, `markers` to its marker colour.
    public static func html(manifest: JSONValue, colormaps: [(String, [UInt8])], markers: [(String, [UInt8])]) -> String {
        let tables = JSONValue.object(colormaps.map { ($0.0, .array($0.1.map { .int(Int($0)) })) }
            + [("markers", .object(markers.map { ($0.0, .array($0.1.map { .int(Int($0)) })) }))])
        let title = MarkupEscaping.escape(manifestModel(manifest))
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>WeightAtlas · \(title)</title>
            <style>\(style)</style>
            </head>
            <body>
            <aside>
              <h1>WeightAtlas</h1>
              <p class="model">\(title)</p>
              <input id="search" type="search" placeholder="search layers" aria-label="search layers">
              <p id="count"></p>
              <ol id="layers"></ol>
            </aside>
            <main>
              <header><h2 id="title"></h2><button id="fit" title="fit the whole image">fit</button><button id="fit-width" title="fit the image's width">fit width</button><button id="fit-height" title="fit the image's height">fit height</button><span id="zoom"></span><label id="shade-box" title="tint each filter by its roughness: clear when smooth (r near 0), red when noise-like (r near 1 and above)"><input id="shade" type="checkbox"> shade by roughness</label></header>
              <dl id="facts"></dl>
              <figure id="histogram-box"><canvas id="histogram" width="256" height="64" title="64 bins of the finite values on [min, max]"></canvas>
                <figcaption><span id="histogram-range"></span> <label><input id="histogram-log" type="checkbox"> log counts</label></figcaption></figure>
              <div id="viewport"><div id="canvas"></div></div>
              <footer>
                <canvas id="legend" width="256" height="12"></canvas>
                <span id="legend-text"></span> · NaN/Inf <span id="marker" class="swatch"></span>
                <div id="hover"></div>
              </footer>
              <pre id="selftest"></pre>
            </main>
            <script type="application/json" id="manifest">\(embed(manifest.serialized()))</script>
            <script type="application/json" id="colormaps">\(embed(tables.serialized()))</script>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    /// JSON inside a script element: `<`, `>` and `&` (which can only occur inside JSON
    /// strings) as `\u` escapes, so no `</script>`, `<!--` or `<script` in a name can end or
    /// re-enter the element; JSONValue already writes U+2028/U+2029 as escapes.
    static func embed(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
            .replacingOccurrences(of: "&", with: "\\u0026")
    }

    static func manifestModel(_ manifest: JSONValue) -> String {
        if case .object(let members) = manifest, case .string(let model)? = members.first(where: { $0.0 == "model" })?.1 { return model }
        return "atlas"
    }

    /// The viewer's style and script: `Viewer/viewer.css` and `Viewer/viewer.js`, embedded at
    /// build time (`EmbeddedViewer`), less each file's final newline (the page closes the
    /// element right after the last line).
    static let style = withoutFinalNewline(EmbeddedViewer.viewerCSS)
    static let script = withoutFinalNewline(EmbeddedViewer.viewerJS)

    /// `text` less one final line feed, if it ends in one.
    package static func withoutFinalNewline(_ text: String) -> String {
        text.utf8.last == 0x0A ? String(decoding: text.utf8.dropLast(), as: UTF8.self) : text
    }
}
