import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The text users read: help and `inspect`, compared with committed snapshots
/// (Tests/Fixtures/snapshots; set WEIGHTATLAS_RECORD_SNAPSHOTS=1 to rewrite them).
@Suite struct OutputSnapshotTests {
    static let folder = Fixtures.root.appendingPathComponent("snapshots")
    static let golden = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path

    static func check(_ text: String, against name: String) throws {
        let path = folder.appendingPathComponent(name).path
        if ProcessInfo.processInfo.environment["WEIGHTATLAS_RECORD_SNAPSHOTS"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == expected, "\(name) differs from its snapshot")
    }

    @Test(arguments: ["render", "inspect", "zoo", "diff", "merge", "devices"])
    func commandHelp(_ command: String) throws {
        let result = try CLI.run([command, "--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("examples:"))
        try Self.check(result.stdout, against: "help-\(command).txt")
    }

    @Test func overviewHelpShowsTheSeedExample() throws {
        let result = try CLI.run(["--help"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("weightatlas render W.npy --input-shape 3x32x32 -o atlas/"))
        try Self.check(result.stdout, against: "help.txt")
    }

    @Test func inspectTable() throws {
        let result = try CLI.run(["inspect", Self.golden, "--backend", "cpu"])
        #expect(result.status == 0, "\(result.stderr)")
        try Self.check(result.stdout.replacingOccurrences(of: Self.golden, with: "golden.safetensors"), against: "inspect.txt")
    }

    @Test func inspectJSONMatchesTheManifestEntries() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let inspect = try CLI.run(["inspect", Self.golden, "--json", "--backend", "cpu"])
        #expect(inspect.status == 0)
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let printed = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as! [String: Any]
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        #expect(printed["format"] as? String == "safetensors")
        let a = printed["tensors"] as! [[String: Any]], b = manifest["tensors"] as! [[String: Any]]
        #expect(a.count == 5 && b.count == 5)
        for (x, y) in zip(a, b) {
            #expect(x["name"] as? String == y["name"] as? String)
            #expect(x["shape"] as? [Int] == y["shape"] as? [Int])
            #expect(NSDictionary(dictionary: x["stats"] as! [String: Any]) == NSDictionary(dictionary: y["stats"] as! [String: Any]))
            #expect(y["image"] as? String == "\(y["name"]!).png")
        }
        let conv = b.first { $0["name"] as? String == "conv" }!
        #expect(conv["layout"] as? String == "rgb-tiles")
        #expect(conv["dead_filters"] as? Int == 1)
        let stats = conv["stats"] as! [String: Any]
        #expect(stats["nan"] as? Int == 1 && stats["inf"] as? Int == 1)
        let grid = conv["grid"] as! [String: Any]
        #expect(grid["cols"] as? Int == 4 && grid["rows"] as? Int == 3 && grid["tile_width"] as? Int == 5 && grid["scale"] as? Int == 13)
    }
}
