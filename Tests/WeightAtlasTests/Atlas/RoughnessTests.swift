import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Each filter's roughness against numpy (Tests/Fixtures/roughness, make_roughness_fixtures.py):
/// Gaussian initialisations, a constant filter, a checkerboard, a ramp and the real BlazeFace
/// first layer; the viewer's per-tile copy; the opt-in `noisy` zoo check; and the real corpus's
/// trained first layers against random ones of the same shapes.
struct RoughnessTests {
    struct Expected: Decodable { var filters: [Double?]; var median, p10, p90: Double }
    static let folder = Fixtures.root.appendingPathComponent("roughness")
    static let random = folder.appendingPathComponent("random.safetensors").path
    static let sample = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Samples/blazeface-short-range.safetensors").path

    static func expected() throws -> [String: [String: Expected]] {
        try JSONDecoder().decode([String: [String: Expected]].self, from: Data(contentsOf: folder.appendingPathComponent("expected.json")))
    }

    static func close(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return abs(a - b) <= 1e-12 * max(1, abs(b))
    }

    @Test(arguments: [("random.safetensors", random), ("blazeface-short-range.safetensors", sample)])
    func filtersAndPercentilesEqualNumpy(_ name: String, _ path: String) throws {
        let file = try WeightFiles.open(path)
        let renderer = TensorRenderer(options: RenderOptions(), backend: CPUBackend(workers: 2))
        for (tensor, want) in try #require(try Self.expected()[name]) {
            let info = try #require(file.tensors.first { $0.name == tensor })
            let roughness = try #require(try renderer.inspect(info, in: file).roughness, "\(tensor)")
            #expect(roughness.filters.count == want.filters.count && zip(roughness.filters, want.filters).allSatisfy(Self.close), "\(tensor)")
            #expect(Self.close(roughness.median, want.median) && Self.close(roughness.percentile(10), want.p10)
                    && Self.close(roughness.percentile(90), want.p90), "\(tensor)")
        }
    }

    @Test func theViewerGetsEachTilesRoughness() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        #expect(try CLI.run(["render", Self.random, "-o", out, "--quiet", "--backend", "cpu", "--tensor", "init_24x3x5x5"]).status == 0)
        let script = try String(contentsOfFile: out + "/init_24x3x5x5.tiles.js", encoding: .utf8)
        let base64 = try #require(script.split(separator: "\"").dropFirst(3).first)
        let bytes = try #require(Data(base64Encoded: String(base64)))
        let floats = bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(floats.count == 5 * 24)
        let want = try #require(try Self.expected()["random.safetensors"]?["init_24x3x5x5"])
        #expect(zip(floats[96...], want.filters).allSatisfy { Float($1!) == $0 })
    }

    @Test func noisyIsOptInAndFailsARandomFirstLayer() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let zoo = out + "/models"
        try FileManager.default.createDirectory(atPath: zoo, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.random, toPath: zoo + "/random.safetensors")
        try FileManager.default.copyItem(atPath: Self.sample, toPath: zoo + "/blazeface.safetensors")
        let quiet = try CLI.run(["zoo", zoo, "-o", out + "/default", "--backend", "cpu", "--quiet"])
        let plain = try ZooDocument(contentsOf: out + "/default/zoo.json")
        #expect(!plain.models.flatMap(\.checks).contains { $0.check == .noisy }, "\(quiet.stderr)")
        let result = try CLI.run(["zoo", zoo, "-o", out + "/noisy", "--backend", "cpu", "--quiet", "--noisy-roughness", "0.8"])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try ZooDocument(contentsOf: out + "/noisy/zoo.json")
        let noisy = document.models.flatMap { model in model.checks.filter { $0.check == .noisy }.map { (model.path, $0) } }
        #expect(noisy.map(\.0) == ["blazeface.safetensors", "random.safetensors"])
        #expect(noisy[0].1.passed && noisy[0].1.tensor == "conv2d/Kernel")
        #expect(!noisy[1].1.passed && noisy[1].1.tensor == "init_16x3x3x3", "\(noisy[1].1.detail)")
    }

    @Test(.enabled(if: RealCorpus.isPresent), arguments: [("nudenet-320n", "model.0.conv.weight"), ("mtcnn-onet", "conv1.weight"),
                                                         ("face-landmark", "conv2d/Kernel"), ("ppocrv4-det", "conv2d_0.w_0")])
    func trainedFirstLayersAreSmootherThanRandomOnes(_ id: String, _ tensor: String) throws {
        let model = try #require(RealCorpus.model(id))
        let file = try WeightFiles.open(RealCorpus.path(model))
        let info = try #require(file.tensors.first { $0.name == tensor })
        let renderer = TensorRenderer(options: RenderOptions(), backend: CPUBackend(workers: 2))
        let trained = try #require(try renderer.inspect(info, in: file).roughness?.median)
        let plan = LayoutPlanner(options: RenderOptions()).plan(info)
        var rng = SeededGenerator(seed: 7)
        let noise = (0..<plan.values.count).map { _ in rng.float(-1, 1) + rng.float(-1, 1) + rng.float(-1, 1) }
        let (bytes, floats) = TensorBytes.floats(noise)
        let random = try Roughness(plan: LayoutPlan(kind: plan.kind, values: StridedView(shape: [noise.count], strides: [1]),
                                                    filterLength: plan.filterLength, groupLength: plan.groupLength, grid: plan.grid),
                                   source: ValueSource(bytes: bytes, info: floats, view: StridedView(shape: [noise.count], strides: [1])))
        #expect(trained < CheckConfig().noisyRoughness, "\(id) \(tensor): trained median r \(trained)")
        #expect(try #require(random.median) > CheckConfig().noisyRoughness, "\(id): random median r \(random.median ?? -1)")
    }

    /// Four filters at once give each filter the scalar pass's bits, NaN where it has no r
    /// (a NaN or ±Inf value, a constant filter), in any lane.
    @Test(arguments: [(1, 3, 3), (3, 11, 11), (2, 2, 5), (16, 7, 2)])
    func fourAtOnceIsTheScalarPassBitForBit(_ planes: Int, _ height: Int, _ width: Int) {
        var rng = SeededGenerator(seed: UInt64(planes * 100 + height * 10 + width))
        let length = planes * height * width
        for round in 0..<25 {
            var values = (0..<(4 * length)).map { _ in rng.float(-2, 2) * Float(1 << rng.int(0...12)) + 1000 * Float(round % 3) }
            if round % 5 == 1 { values[rng.int(0...(length - 1)) + length * rng.int(0...3)] = [.nan, .infinity, -.infinity][round % 3] }
            if round % 7 == 2 { let lane = rng.int(0...3); for i in 0..<length { values[lane * length + i] = 0.25 } }
            values.withUnsafeBufferPointer { v in
                let four = Roughness.roughness4(v.baseAddress!, length: length, planes: planes, height: height, width: width)
                for lane in 0..<4 {
                    let one = Roughness.roughness(UnsafeBufferPointer(rebasing: v[(lane * length)..<((lane + 1) * length)]),
                                                  planes: planes, height: height, width: width) ?? .nan
                    #expect(four[lane].bitPattern == one.bitPattern || (four[lane].isNaN && one.isNaN), "round \(round) lane \(lane)")
                }
            }
        }
    }
}
