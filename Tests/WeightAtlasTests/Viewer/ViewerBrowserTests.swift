import Foundation
import Testing
@testable import WeightAtlas

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
    static func browse(_ url: String, _ arguments: [String]) throws -> (String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Browser.chromium!)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--enable-logging=stderr", "--v=0",
                             "--window-size=1200,800", "--virtual-time-budget=5000"] + arguments + [url]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
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
