import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// index.html in a real browser: headless Chromium loads a rendered atlas from file://.
/// `make test` installs Chromium; where it cannot be installed these tests are skipped,
/// and say so.
enum Browser {
    /// The first Chromium on PATH.
    static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first
}

@Suite(.enabled(if: Browser.chromium != nil, "SKIPPED LOUDLY: no chromium on PATH (make test installs Debian's chromium)"))
struct ViewerBrowserTests {
    static let golden = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path

    /// Runs headless Chromium on `url` with `arguments`; returns stdout and stderr.
    static func browse(_ url: String, _ arguments: [String], window: String = "1200,800") throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Browser.chromium!)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr", "--v=0",
                             "--window-size=\(window)", "--virtual-time-budget=5000"] + arguments + [url]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }

    /// The JSON a page's `#selftest` wrote into `<pre id="selftest">` of the DOM dump of `url`.
    static func selftest(_ url: String, window: String = "1200,800") throws -> [String: Any] {
        let (dom, log) = try browse(url, ["--dump-dom"], window: window)
        let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("Error") || $0.contains("Uncaught")) }
        #expect(consoleErrors.isEmpty, "console errors: \(consoleErrors)")
        let start = try #require(dom.range(of: "id=\"selftest\"").flatMap { dom[$0.upperBound...].firstIndex(of: ">") }, "no #selftest in the page")
        let json = dom[dom.index(after: start)...].prefix { $0 != "<" }
        let text = json.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "selftest wrote: \(text)")
    }

    /// A safetensors file of F32 tensors with smooth values (a ramp plus a little wobble);
    /// `nan` puts a NaN at that element of the tensor with that name.
    static func safetensors(_ tensors: [(String, [Int])], nan: (String, Int)? = nil, at path: String) throws {
        try SafetensorsFixture.write(tensors.map { name, shape in
            let count = shape.reduce(1, *)
            var values = (0..<count).map { i in Float(i) / Float(count) + 0.1 * sin(Float(i) * 0.7) }
            if let nan, nan.0 == name { values[nan.1] = .nan }
            return SafetensorsFixture.Tensor(name: name, shape: shape, values: values)
        }, to: path)
    }

    @Test func pageListsLayersAndDescribesTheTileUnderThePointer() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let images = (manifest["tensors"] as! [[String: Any]]).filter { $0["image"] != nil }.map { $0["name"] as! String }

        // Pixel (85, 85) of `conv` (5×5 tiles at scale 13, cells of 66 px, 4 columns) is tile 5, value (1, 1).
        let (dom, log) = try Self.browse("file://\(out)/index.html#selftest=conv,85,85", ["--dump-dom"])
        let consoleErrors = log.split(separator: "\n").filter { $0.contains("CONSOLE") && ($0.contains("Error") || $0.contains("Uncaught")) }
        #expect(consoleErrors.isEmpty, "console errors: \(consoleErrors)")
        let json = try #require(dom.range(of: "<pre id=\"selftest\">").map { dom[$0.upperBound...].prefix { $0 != "<" } })
        let result = try JSONSerialization.jsonObject(with: Data(String(json).replacingOccurrences(of: "&quot;", with: "\"").utf8)) as! [String: Any]
        #expect(result["layers"] as? [String] == images)
        let hover = try #require(result["hover"] as? [String: Any])
        #expect(hover["tile"] as? Int == 5 && hover["filter"] as? Int == 5 && hover["x"] as? Int == 1 && hover["y"] as? Int == 1)

        // The tile's statistics are those of filter 5's values.
        let file = try WeightFiles.open(Self.golden)
        let conv = file.tensors.first { $0.name == "conv" }!
        let values = try Fixtures.values(of: conv, in: file)[(5 * 75)..<(6 * 75)].filter(\.isFinite)
        #expect((hover["min"] as? Double).map(Float.init) == values.min())
        #expect((hover["max"] as? Double).map(Float.init) == values.max())
        #expect(hover["nonFinite"] as? Int == 0)
    }

    @Test func attentionHeatmapsSeparateAndNameTheirHeads() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let model = Fixtures.root.appendingPathComponent("attention/model.safetensors").path
        #expect(try CLI.run(["render", model, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let entry = try #require((manifest["tensors"] as! [[String: Any]]).first { $0["name"] as? String == "model.layers.0.self_attn.o_proj.weight" })
        let scale = try #require((entry["grid"] as? [String: Any])?["scale"] as? Int)
        // o_proj is 8×12: 4 heads of 3 columns each; column 7 is head 2.
        let (dom, _) = try Self.browse("file://\(out)/index.html#selftest=model.layers.0.self_attn.o_proj.weight,\(7 * scale + scale / 2),\(scale / 2)", ["--dump-dom"])
        let json = try #require(dom.range(of: "<pre id=\"selftest\">").map { dom[$0.upperBound...].prefix { $0 != "<" } })
        let result = try JSONSerialization.jsonObject(with: Data(String(json).replacingOccurrences(of: "&quot;", with: "\"").utf8)) as! [String: Any]
        #expect(result["separators"] as? Int == 3)
        let hover = try #require(result["hover"] as? [String: Any])
        #expect(hover["head"] as? Int == 2, "\(hover)")
        let stats = try #require(hover["headStats"] as? [String: Any])
        #expect((stats["mean"] as? Double).map { abs($0 - 2) < 0.3 } == true, "head 2's values are drawn around 2: \(stats)")
    }

    @Test func histogramsAreDrawnAndADiffOverlaysAAndB() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let a = ZooCommandTests.models + "/good/resnet.safetensors", b = ZooCommandTests.models + "/good/resnet-step2.safetensors"
        #expect(try CLI.run(["render", a, "-o", out + "/one", "--quiet", "--backend", "cpu"]).status == 0)
        #expect(try CLI.run(["diff", a, b, "-o", out + "/diff", "--quiet", "--backend", "cpu"]).status == 0)
        func page(_ folder: String) throws -> [String: Any] {
            let (dom, _) = try Self.browse("file://\(out)/\(folder)/index.html#selftest=conv.weight,0,0", ["--dump-dom"])
            let json = try #require(dom.range(of: "<pre id=\"selftest\">").map { dom[$0.upperBound...].prefix { $0 != "<" } })
            return try JSONSerialization.jsonObject(with: Data(String(json).replacingOccurrences(of: "&quot;", with: "\"").utf8)) as! [String: Any]
        }
        let single = try page("one"), diff = try page("diff")
        #expect(single["histogramShown"] as? Bool == true && (single["histogram"] as? String).map { !$0.contains(",") } == true, "\(single)")
        let bars = try #require((diff["histogram"] as? String)?.split(separator: ",").compactMap { Int($0) })
        #expect(diff["histogramShown"] as? Bool == true && bars.count == 2 && bars.allSatisfy { $0 > 0 }, "A and B: \(diff)")
    }

    @Test func roughnessShowsOnHoverAndShadesTheTiles() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", RoughnessTests.random, "-o", out, "--quiet", "--backend", "cpu", "--tensor", "init_24x3x5x5"]).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let grid = try #require(((manifest["tensors"] as! [[String: Any]]).first)?["grid"] as? [String: Any])
        let scale = try #require(grid["scale"] as? Int), padding = try #require(grid["padding"] as? Int)
        // The middle of tile 1 (row 0, column 1).
        let x = (5 * scale + padding) + 2 * scale, y = 2 * scale
        let (dom, _) = try Self.browse("file://\(out)/index.html#selftest=init_24x3x5x5,\(x),\(y),shade", ["--dump-dom"])
        let json = try #require(dom.range(of: "<pre id=\"selftest\">").map { dom[$0.upperBound...].prefix { $0 != "<" } })
        let result = try JSONSerialization.jsonObject(with: Data(String(json).replacingOccurrences(of: "&quot;", with: "\"").utf8)) as! [String: Any]
        let hover = try #require(result["hover"] as? [String: Any])
        let want = try #require(try RoughnessTests.expected()["random.safetensors"]?["init_24x3x5x5"]?.filters[1])
        #expect(hover["tile"] as? Int == 1 && (hover["roughness"] as? Double).map { abs($0 - want) < 1e-6 } == true, "\(hover)")
        #expect(result["shaded"] as? Int == 24)
    }

    @Test func screenshotShowsTheImage() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "--tensor", "bank", "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        _ = try Self.browse("file://\(out)/index.html", ["--screenshot=\(out)/shot.png"])
        let shot = try PNGImage(path: out + "/shot.png")
        // The viewport (dark background) shows the bank's greys: count distinct colours in its middle.
        var colours = Set<[UInt8]>()
        for y in stride(from: shot.height / 4, to: shot.height * 3 / 4, by: 3) {
            for x in stride(from: shot.width / 3, to: shot.width * 5 / 6, by: 3) { colours.insert(Array(shot.pixel(x: x, y: y))) }
        }
        #expect(colours.count > 20, "the screenshot shows \(colours.count) colours in the viewport")
    }
}

/// What a person sees after typing, pressing keys and pressing the fit buttons: the steps
/// run through `#selftest=do;…` as real events, and the answers are computed styles.
extension ViewerBrowserTests {
    /// The legend says what was done to the layer shown: a heatmap's robust percentile bounds,
    /// not the tiles' "minmax per filter".
    @Test func theLegendDescribesTheLayerShown() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let heat = try Self.selftest("file://\(out)/index.html#selftest=do;layer=heat")
        let legend = try #require(heat["legend"] as? String)
        #expect(legend.contains("[1st, 99th percentile]") && legend.contains("symmetric about zero") && legend.contains("diverging"), "\(legend)")
        let conv = try #require(try Self.selftest("file://\(out)/index.html#selftest=do;layer=conv")["legend"] as? String)
        #expect(conv.contains("[min, max] of each filter") && conv.hasPrefix("RGB channels"), "\(conv)")
    }

    @Test func typingInTheSearchHidesTheLayersThatDoNotMatch() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let all = try Self.selftest("file://\(out)/index.html#selftest=do;search=")
        let layers = try #require(all["layers"] as? [String])
        #expect(all["displayed"] as? [String] == layers)
        // "A" matches bank and heat, not conv, dense or ties: case-insensitive substrings.
        let state = try Self.selftest("file://\(out)/index.html#selftest=do;search=A")
        #expect(state["displayed"] as? [String] == layers.filter { $0 == "bank" || $0 == "heat" } && layers.count == 5,
                "displayed: \(state["displayed"] ?? "nothing") of \(layers)")
        let none = try Self.selftest("file://\(out)/index.html#selftest=do;search=no%20such%20layer")
        #expect((none["displayed"] as? [String])?.isEmpty == true)
    }

    @Test func arrowKeysAndJKStepThroughTheShownLayers() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let page = "file://\(out)/index.html#selftest=do;"
        let layers = try #require(try Self.selftest(page + "key=j")["layers"] as? [String])
        #expect(try Self.selftest(page + "key=j")["selected"] as? String == layers[1])
        #expect(try Self.selftest(page + "key=j;key=j;key=k")["selected"] as? String == layers[1])
        #expect(try Self.selftest(page + "key=ArrowDown;key=ArrowDown;key=ArrowDown;key=ArrowUp")["selected"] as? String == layers[2])
        #expect(try Self.selftest(page + "key=k")["selected"] as? String == layers[0], "the first layer stays selected")
        // With a search, the keys skip hidden layers; typing j into the box is text, not a step.
        let shown = layers.filter { $0.contains("e") }
        #expect(shown.count == 3 && !shown.contains(layers[0]), "dense, heat, ties; not the selected first layer")
        #expect(try Self.selftest(page + "search=e;key=ArrowDown")["selected"] as? String == shown[0])
        #expect(try Self.selftest(page + "search=e;key=ArrowDown;key=ArrowDown")["selected"] as? String == shown[1])
        #expect(try Self.selftest(page + "search=e;key=ArrowDown;key=j")["selected"] as? String == shown[0])
    }

    @Test func aTallImageIsNotASliverAndResamplesSmoothlyOnlyWhenShrunk() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        try Self.safetensors([("tall", [4096, 18])], at: out + "/tall.safetensors")
        #expect(try CLI.run(["render", out + "/tall.safetensors", "-o", out + "/atlas", "--quiet", "--backend", "cpu"]).status == 0)
        let page = "file://\(out)/atlas/index.html#selftest=do;"
        func size(_ state: [String: Any], _ key: String) throws -> (Double, Double) {
            let pair = try #require(state[key] as? [Double])
            return (pair[0], pair[1])
        }
        let first = try Self.selftest(page)
        let (vw, vh) = try size(first, "viewport"), (w, h) = try size(first, "image")
        #expect(w >= vw / 4 - 1 && h > vh, "the first view shows \(w)×\(h) in \(vw)×\(vh)")
        let width = try Self.selftest(page + "fit=width"), (ww, _) = try size(width, "image")
        #expect(abs(ww - vw) <= 1 || (width["zoom"] as? Double) == 64, "fit width: \(ww) in \(vw)")
        let height = try Self.selftest(page + "fit=height"), (_, hh) = try size(height, "image")
        #expect(abs(hh - vh) <= 1, "fit height: \(hh) in \(vh)")
        let all = try Self.selftest(page + "fit=all"), (aw, ah) = try size(all, "image")
        #expect(aw <= vw + 1 && ah <= vh + 1 && (abs(ah - vh) <= 1 || abs(aw - vw) <= 1))
        #expect(all["rendering"] as? String == "auto", "2048 rows in \(vh) px: smooth, not nearest-neighbour bands")
        #expect(try Self.selftest(page + "zoom=4")["rendering"] as? String == "pixelated")
        #expect(try Self.selftest(page + "zoom=0.5")["rendering"] as? String == "auto")
    }

    @Test func theZooPageFitsAWindowWithPreviewsBoundedAndFailuresBesideThem() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let models = folder + "/models"
        try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent("zoo/models").path, toPath: models)
        // A transformer-like file: position_ids first, a long-named LayerNorm, a 12,999-px-wide filter bank with a NaN.
        let long = "encoder.layer.0.attention.output.LayerNorm.weight_with_a_very_long_name_that_goes_on_and_on"
        try Self.safetensors([("embeddings.position_ids", [1, 512]), (long, [264, 1]),
                              ("encoder.features.0.conv.weight", [2, 1000, 3, 3]), ("encoder.dense.weight", [300, 200])],
                             nan: ("encoder.features.0.conv.weight", 7), at: models + "/wide.safetensors")
        // --strict: every check everywhere, so rows carry several failures to lay out.
        #expect(try CLI.run(["zoo", models, "-o", folder + "/atlas", "--quiet", "--backend", "cpu", "--strict"]).status == 1)
        let page = try String(contentsOfFile: folder + "/atlas/index.html", encoding: .utf8)
        #expect(page.contains("src=\"wide.safetensors/encoder.features.0.conv.weight.png\""), "the conv is the preview")
        let state = try Self.selftest("file://\(folder)/atlas/index.html#selftest", window: "1400,900")
        let scrollWidth = try #require(state["scrollWidth"] as? Int), innerWidth = try #require(state["innerWidth"] as? Int)
        #expect(innerWidth == 1400 && scrollWidth <= 1400, "page \(scrollWidth) px wide in a \(innerWidth) px window")
        let rows = try #require(state["rows"] as? [[String: Any]])
        #expect(rows.count == 10 && rows.contains { ($0["failures"] as? Int ?? 0) >= 2 })
        for row in rows {
            #expect((row["checks"] as? Int ?? .max) <= innerWidth, "failed checks reach \(row["checks"] ?? "?")")
            if let preview = row["preview"] as? Int { #expect(preview <= innerWidth) }
        }
    }
}
