import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The CLI's exit codes and messages, run as a user runs it.
@Suite struct ExitCodeTests {
    static let sample = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path

    @Test func renderSucceedsAndWritesManifest() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["render", Self.sample, "-o", out + "/atlas"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("5 images"))
        for name in ["conv.png", "bank.png", "dense.png", "heat.png", "ties.png", "manifest.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/atlas/" + name), "\(name) missing")
        }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out + "/atlas").filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)
    }

    @Test(arguments: [
        ["render", "x.safetensors"],                                   // no -o
        ["render", "-o", "out"],                                       // no FILE
        ["render", "a", "b", "-o", "out"],                             // two FILEs
        ["render", sample, "-o", "out", "--bogus"],                    // unknown option
        ["render", sample, "-o", "out", "--normalize", "median"],      // bad mode
        ["render", sample, "-o", "out", "--input-shape", "3x32"],      // bad shape
        ["render", sample, "-o", "out", "--cols", "0"],                // out of range
        ["render", sample, "-o", "out", "--scope", "row"],             // bad choice
        ["frobnicate"],                                                // unknown command
        [],                                                            // nothing
    ])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(!result.stderr.isEmpty)
    }

    @Test(arguments: ["truncated-header.safetensors", "offsets-out-of-bounds.safetensors", "overlapping-ranges.safetensors",
                      "truncated-data.npy", "object-dtype.npy", "crc-mismatch.npz", "path-traversal.npz"])
    func malformedInputExitsThreeNamingFileAndOffset(_ name: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let path = Fixtures.invalid(name)
        let result = try CLI.run(["render", path, "-o", out, "--quiet"])
        #expect(result.status == 3, "\(name): \(result.stderr)")
        #expect(result.stderr.contains(path))
        #expect(result.stderr.contains("at byte"), "\(result.stderr)")
        #expect((try FileManager.default.contentsOfDirectory(atPath: out)).filter { $0.hasSuffix(".png") || $0.contains(".tmp-") }.isEmpty)
    }

    /// Options that would silently give a wrong picture are usage errors naming what is wrong.
    @Test(arguments: [
        (["--input-shape", "3x30x30", "--tensor", "dense"], "dense (rows of 48)"),                 // fits no dense tensor
        (["--input-shape", "dense=3x4x5"], "tensor dense has rows of 48 values, but 3x4x5 is 60"),
        (["--input-shape", "nothing*=3x4x4"], "matches no selected dense tensor"),
        (["--input-shape", "4x4x3", "--input-layout", "hwc"], "did you mean 3x4x4?"),              // HxWxC written in storage order
        (["--tensor", "no-such-tensor"], "matches no tensor"),
        (["--tensor", "con"], "did you mean '*con*'?"),
    ])
    func wrongAnswersAreUsageErrors(_ options: [String], _ message: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["render", Self.sample, "-o", out, "--quiet"] + options)
        #expect(result.status == 2 && result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/manifest.json"))
    }

    @Test func aPerTensorInputShapeTilesOnlyThatTensor() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["render", Self.sample, "-o", out, "--quiet", "--input-shape", "dense=3x4x4", "--input-layout", "hwc"])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let layouts = Dictionary(uniqueKeysWithValues: (manifest["tensors"] as! [[String: Any]]).map { ($0["name"] as! String, $0) })
        #expect(layouts["dense"]?["layout"] as? String == "rgb-tiles" && layouts["heat"]?["layout"] as? String == "heatmap")
        let input = layouts["dense"]?["input"] as? [String: Any]
        #expect(input?["shape"] as? [Int] == [3, 4, 4] && input?["layout"] as? String == "hwc" && input?["from"] as? String == "option")
    }

    @Test func missingAndUnknownFilesExitThree() throws {
        let missing = try CLI.run(["inspect", "/nonexistent/model.safetensors"])
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("/nonexistent/model.safetensors"))
        let unknown = try CLI.run(["inspect", Fixtures.root.appendingPathComponent("golden/make_golden.py").path])
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("unrecognised format"))
    }

    @Test func unwritableOutputExitsFour() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(FileManager.default.createFile(atPath: out + "/file", contents: Data()))
        let result = try CLI.run(["render", Self.sample, "-o", out + "/file/atlas", "--quiet"])
        #expect(result.status == 4, "\(result.stderr)")
        #expect(result.stderr.contains("cannot write"))
    }

    @Test func demandedOpenCLThatCannotWorkExitsFive() throws {
        let result = try CLI.run(["render", Self.sample, "-o", CLI.temporaryFolder(), "--backend", "opencl",
                                  "--kernels-dir", "/nonexistent/kernels", "--quiet"])
        #expect(result.status == 5, "\(result.stderr)")
    }
}

/// Deep Zoom output from the CLI: `--dzi` for every image, `--dzi-threshold` for big ones only.
@Suite struct DeepZoomCLITests {
    static let golden = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path

    @Test func thresholdTurnsOnlyBigImagesIntoPyramids() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        // At --scale 8 conv is 163×122 px, heat 56×240: a 200 px threshold catches heat, not conv.
        let result = try CLI.run(["render", Self.golden, "-o", out, "--scale", "8", "--dzi-threshold", "200", "--quiet",
                                  "--mosaic", out + "/all.png"])
        #expect(result.status == 0, "\(result.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains("heat.dzi") && files.contains("heat_files") && !files.contains("heat.png"))
        #expect(files.contains("conv.png") && !files.contains("conv.dzi"))
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let heat = (manifest["tensors"] as! [[String: Any]]).first { $0["name"] as? String == "heat" }!
        let dzi = heat["dzi"] as! [String: Any]
        #expect(heat["image"] as? String == "heat.dzi" && dzi["files"] as? String == "heat_files" && dzi["levels"] as? Int == 9)
        // The full-resolution level is the image itself (one 56×240 tile here), as the PNG would be.
        let tile = try PNGImage(path: out + "/heat_files/8/0_0.png")
        #expect(try CLI.run(["render", Self.golden, "--tensor", "heat", "--scale", "8", "-o", out + "/png", "--quiet"]).status == 0)
        #expect(try tile == PNGImage(path: out + "/png/heat.png"))
        let regions = (manifest["mosaic"] as! [String: Any])["regions"] as! [[String: Any]]
        #expect(!regions.contains { $0["tensor"] as? String == "heat" })
    }

    @Test func dziFlagWritesEveryImageAsAPyramid() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.golden, "-o", out, "--dzi", "--quiet"]).status == 0)
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.filter { $0.hasSuffix(".dzi") }.count == 5 && files.filter { $0.hasSuffix(".png") }.isEmpty)
    }
}

/// A GGUF tensor of a type we cannot dequantise is named with its type when asked for.
@Suite struct UnsupportedTensorCLITests {
    @Test func askingForAnUnsupportedTensorNamesItsType() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let file = Fixtures.root.appendingPathComponent("gguf/unsupported-type.gguf").path
        let result = try CLI.run(["render", file, "--tensor", "iq4", "-o", out, "--quiet"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("iq4 (IQ4_NL)"), "\(result.stderr)")
    }
}
