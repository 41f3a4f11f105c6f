import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// A second render into a used folder removes what the first wrote and the second does not
/// (images, tiles scripts, Deep Zoom pyramids), and nothing WeightAtlas did not write.
@Suite struct StaleOutputTests {
    static let sample = ExitCodeTests.sample

    /// The values of `key` in the tensor entries of the manifest in `folder`.
    static func manifestImages(_ folder: String, key: String = "image") throws -> Set<String> {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))
        let manifest = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return Set((manifest["tensors"] as! [[String: Any]]).compactMap { $0[key] as? String })
    }

    static func entries(_ folder: String, _ suffix: String) throws -> Set<String> {
        Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(suffix) })
    }

    @Test func secondSelectionLeavesOnlyItsImages() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let first = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try Self.entries(out, ".png").count == 5)
        let mine = out + "/notes.png"   // a file the user put there: never listed, never removed
        try Data("mine".utf8).write(to: URL(fileURLWithPath: mine))
        let second = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu",
                                  "--tensor", "conv", "--tensor", "heat"])
        #expect(second.status == 0, "\(second.stderr)")
        let images = try Self.manifestImages(out)
        #expect(images == ["conv.png", "heat.png"])
        #expect(try Self.entries(out, ".png") == images.union(["notes.png"]))
        #expect(try Self.entries(out, ".tiles.js") == Self.manifestImages(out, key: "tiles"))
        #expect(try Self.manifestImages(out, key: "tiles").contains("conv.tiles.js"))
        #expect(FileManager.default.fileExists(atPath: mine))
    }

    @Test func deepZoomPyramidsGiveWayToPNGs() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let pyramids = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu", "--dzi"])
        #expect(pyramids.status == 0, "\(pyramids.stderr)")
        #expect(try Self.entries(out, ".dzi").count == 5 && Self.entries(out, "_files").count == 5)
        let pngs = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu", "--tensor", "bank"])
        #expect(pngs.status == 0, "\(pngs.stderr)")
        #expect(try Self.entries(out, ".png") == ["bank.png"])
        #expect(try Self.entries(out, ".dzi").isEmpty && Self.entries(out, "_files").isEmpty)
    }

    @Test func listedNamesOutsideTheFolderOrLinksAreNotTouched() throws {
        let root = CLI.temporaryFolder()
        defer { CLI.cleanup(root) }
        let out = root + "/atlas", victim = root + "/victim.png", target = root + "/target.png"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        for path in [victim, target, out + "/linked-target.png"] { try Data("keep".utf8).write(to: URL(fileURLWithPath: path)) }
        try FileManager.default.createSymbolicLink(atPath: out + "/link.png", withDestinationPath: target)
        let forged = #"{"tensors": [{"name": "a", "image": "../victim.png"}, {"name": "b", "image": "link.png"},"#
            + #" {"name": "c", "image": "/etc/hostname"}, {"name": "d", "image": "index.html"},"#
            + #" {"name": "e", "image": "x.dzi", "dzi": {"descriptor": "x.dzi", "files": ".."}}]}"#
        try Data(forged.utf8).write(to: URL(fileURLWithPath: out + "/manifest.json"))
        let result = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu", "--tensor", "ties"])
        #expect(result.status == 0, "\(result.stderr)")
        for path in [victim, target, out + "/linked-target.png"] { #expect(FileManager.default.fileExists(atPath: path), "\(path)") }
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: out + "/link.png")) == target)
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    @Test func zooModelFoldersAreCleanedTheSameWay() throws {
        let root = CLI.temporaryFolder()
        defer { CLI.cleanup(root) }
        try FileManager.default.createDirectory(atPath: root + "/models", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.sample, toPath: root + "/models/golden.safetensors")
        let folder = root + "/atlas/golden.safetensors"
        let first = try CLI.run(["zoo", root + "/models", "-o", root + "/atlas", "--backend", "cpu", "--quiet"])
        #expect([0, 1].contains(first.status), "\(first.stderr)")   // the golden model has a NaN: a failed check
        #expect(try Self.entries(folder, ".png").count == 5)
        let second = try CLI.run(["zoo", root + "/models", "-o", root + "/atlas", "--backend", "cpu", "--quiet", "--tensor", "dense"])
        #expect([0, 1].contains(second.status), "\(second.stderr)")
        #expect(try Self.entries(folder, ".png") == Self.manifestImages(folder))
        #expect(try Self.manifestImages(folder) == ["dense.png"])
    }

    @Test func aFailedRunRemovesNothing() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--backend", "cpu"]).status == 0)
        let bad = Fixtures.invalid("truncated-data.npy")
        #expect(try CLI.run(["render", bad, "-o", out, "--quiet", "--backend", "cpu"]).status == 3)
        #expect(try Self.entries(out, ".png").count == 5)
    }
}
