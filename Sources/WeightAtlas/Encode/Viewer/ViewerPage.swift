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
              <header><h2 id="title"></h2><button id="fit" title="fit the whole image">fit</button><button id="fit-width" title="fit the image's width">fit width</button><button id="fit-height" title="fit the image's height">fit height</button><span id="zoom"></span></header>
              <dl id="facts"></dl>
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

    static let style = """
        * { box-sizing: border-box; }
        body { margin: 0; display: flex; height: 100vh; font: 13px/1.4 system-ui, sans-serif; color: #222; background: #fafafa; }
        aside { width: 300px; border-right: 1px solid #ddd; display: flex; flex-direction: column; padding: 12px; background: #fff; }
        aside h1 { font-size: 16px; margin: 0 0 4px; }
        .model { margin: 0 0 8px; color: #666; word-break: break-all; }
        #search { width: 100%; padding: 6px; border: 1px solid #ccc; border-radius: 4px; }
        #count { color: #888; margin: 6px 0; }
        #layers { list-style: none; margin: 0; padding: 0; overflow: auto; flex: 1; }
        #layers li { padding: 5px 6px; border-radius: 4px; cursor: pointer; display: flex; flex-direction: column; }
        #layers li[hidden] { display: none; }
        #layers li:hover { background: #f0f3f8; }
        #layers li.selected { background: #dde7f7; }
        #layers .name { font-family: ui-monospace, monospace; word-break: break-all; }
        #layers .meta { color: #777; font-size: 11px; }
        main { flex: 1; display: flex; flex-direction: column; min-width: 0; padding: 12px; }
        header { display: flex; gap: 10px; align-items: center; }
        header h2 { font: 600 15px ui-monospace, monospace; margin: 0; flex: 1; word-break: break-all; }
        #facts { display: flex; flex-wrap: wrap; gap: 4px 16px; margin: 8px 0; }
        #facts div { display: flex; gap: 4px; } #facts dt { color: #777; } #facts dd { margin: 0; font-family: ui-monospace, monospace; }
        #viewport { flex: 1; position: relative; overflow: hidden; background: #333; border-radius: 4px; cursor: crosshair; }
        #canvas { position: absolute; left: 0; top: 0; transform-origin: 0 0; }
        #canvas img { position: absolute; left: 0; top: 0; image-rendering: pixelated; user-select: none; -webkit-user-drag: none; }
        #canvas.smooth img { image-rendering: auto; }
        footer { margin-top: 8px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
        #legend { border: 1px solid #ccc; image-rendering: pixelated; }
        .swatch { display: inline-block; width: 12px; height: 12px; border: 1px solid #999; vertical-align: middle; }
        #hover { width: 100%; font-family: ui-monospace, monospace; min-height: 1.4em; }
        #selftest { display: none; }
        """
}
