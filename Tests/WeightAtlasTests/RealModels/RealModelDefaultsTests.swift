import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The defaults judged on real models (the pinned corpus, Tests/RealModels): no false alarms,
/// injected faults caught, LLM matrices drawn as heatmaps that show structure, first layers
/// big enough to see.
@Suite(.enabled(if: RealCorpus.isPresent), .serialized) struct RealModelDefaultsTests {
    /// The healthy corpus passes every default check, and the opt-in `noisy` one at its default
    /// threshold (every model's first spatial layer is trained, not noise).
    @Test func zooOfHealthyRealModelsHasNoFalseAlarms() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let threshold = String(CheckConfig().noisyRoughness)
        let result = try CLI.run(["zoo", RealCorpus.cache.path, "-o", out, "--quiet", "--backend", "cpu", "--noisy-roughness", threshold])
        let document = try ZooDocument(contentsOf: out + "/zoo.json")
        let failures = document.models.flatMap { m in m.failures.map { "\(m.path): \($0.check) \($0.tensor ?? "-") \($0.detail)" } }
        #expect(failures.isEmpty, "\(failures.prefix(10))")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(document.models.count == Set(RealCorpus.models.map(\.filename)).count, "zoo walks every model of the corpus")
    }

    /// A real model with faults written into its bytes: each fails the right check.
    @Test func injectedFaultsInARealModelFailTheRightCheck() throws {
        let model = try #require(RealCorpus.model("silero-vad-safetensors"))
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        try FileManager.default.createDirectory(atPath: out + "/zoo", withIntermediateDirectories: true)
        let broken = out + "/zoo/broken.safetensors"
        let file = try WeightFiles.open(RealCorpus.path(model))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: RealCorpus.path(model))))
        func patch(_ name: String, _ change: (Int, Float) -> Float) throws {
            let info = try #require(file.tensors.first { $0.name == name })
            let values = try Fixtures.values(of: info, in: file)
            for (i, value) in values.enumerated() {
                let bits = change(i, value).bitPattern
                for b in 0..<4 { bytes[info.byteRange.lowerBound + 4 * i + b] = UInt8(truncatingIfNeeded: bits >> (8 * b)) }
            }
        }
        try patch("conv1.weight") { i, v in i == 100 ? .nan : v }
        try patch("conv3.weight") { i, v in i == 7 ? .infinity : v }
        try patch("lstm_cell.weight_ih") { _, v in v * 1e6 }
        try patch("conv2.weight") { i, v in i < 48 * 128 * 3 ? 0 : v }    // 48 of 64 filters zeroed
        try Data(bytes).write(to: URL(fileURLWithPath: broken))
        let result = try CLI.run(["zoo", out + "/zoo", "-o", out + "/atlas", "--quiet", "--backend", "cpu"])
        #expect(result.status == 1)
        let failed = Set(try ZooDocument(contentsOf: out + "/atlas/zoo.json").models[0].failures.map { "\($0.check) \($0.tensor ?? "-")" })
        #expect(failed == ["nan conv1.weight", "inf conv3.weight", "exploded lstm_cell.weight_ih", "dead conv2.weight"])
    }

    /// Every 2-D matrix of the LLM and the transformer is a heatmap, and the default image of
    /// attention, FFN and embedding matrices uses at least 100 colours each on ≥ 0.01% of its pixels.
    @Test(arguments: [("gemma3-270m-q4km", ["token_embd.weight", "blk.0.*", "blk.17.ffn_*"]),
                      ("minilm-l6-v2", ["embeddings.*_embeddings.weight", "encoder.layer.0.*.weight"])])
    func llmMatricesAreHeatmapsThatShowStructure(_ id: String, _ patterns: [String]) throws {
        let model = try #require(RealCorpus.model(id))
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let file = try WeightFiles.open(RealCorpus.path(model))
        let planner = LayoutPlanner(options: RenderOptions())
        for info in file.tensors where info.shape.count == 2 && info.count > 1 {
            #expect(planner.plan(info).kind == .heatmap, "\(info.name) \(info.shape)")
        }
        let arguments = ["render", RealCorpus.path(model), "-o", out, "--quiet", "--backend", "cpu"] + patterns.flatMap { ["--tensor", $0] }
        #expect(try CLI.run(arguments).status == 0)
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let heatmaps = (manifest["tensors"] as! [[String: Any]]).filter { $0["layout"] as? String == "heatmap" }
        #expect(heatmaps.count >= 6)
        for entry in heatmaps {
            let image = try PNGImage(path: out + "/" + (entry["image"] as! String))
            let colours = Self.coloursHolding(image, fraction: 1e-4)
            #expect(colours >= 100, "\(entry["name"]!): \(colours) colours")
            let render = entry["render"] as? [String: Any]
            #expect((render?["legend"] as? String)?.contains("percentile") == true, "the legend says what was done")
        }
    }

    /// The first RGB convolution of each CNN comes out at least 256 px on its long side.
    @Test(arguments: [("mtcnn-pnet", "conv1.weight"), ("mtcnn-rnet", "conv1.weight"), ("ppocrv4-det", "conv2d_0.w_0"),
                      ("ppocr-cls", "conv1_weights"), ("nudenet-320n", "model.0.conv.weight"), ("face-landmark", "conv2d/Kernel")])
    func firstLayersAreBigEnoughToSee(_ id: String, _ tensor: String) throws {
        let model = try #require(RealCorpus.model(id))
        let file = try WeightFiles.open(RealCorpus.path(model))
        let info = try #require(file.tensors.first { $0.name == tensor })
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        #expect(plan.kind == .rgbTiles)
        let grid = try #require(plan.grid)
        #expect(max(grid.width, grid.height) >= LayoutPlanner.readableSide, "\(grid.width)×\(grid.height)")
    }

    /// Colours that each cover at least `fraction` of the image's pixels.
    static func coloursHolding(_ image: PNGImage, fraction: Double) -> Int {
        var counts: [Int: Int] = [:]
        let pixels = image.width * image.height
        for p in 0..<pixels {
            var key = 0
            for c in 0..<image.channels { key = key << 8 | Int(image.pixels[p * image.channels + c]) }
            counts[key, default: 0] += 1
        }
        return counts.values.filter { Double($0) >= fraction * Double(pixels) }.count
    }
}
