import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `weightatlas diff` and the B − A weight file behind it.
@Suite struct CheckpointDiffTests {
    static let models = ZooCommandTests.models

    @Test func diffOfACheckpointWithItselfIsAllZero() throws {
        let path = Self.models + "/good/resnet.safetensors"
        let a = try WeightFiles.open(path), b = try WeightFiles.open(path)
        let difference = DifferenceFile(a: a, b: b)
        #expect(difference.tensors.map(\.name) == a.tensors.map(\.name))
        for tensor in difference.tensors {
            #expect(try Fixtures.values(of: tensor, in: difference).allSatisfy { $0 == 0 }, "\(tensor.name)")
            #expect(try difference.filterChanges(of: tensor.name).allSatisfy { $0.maxAbs == 0 && $0.nonFinite == 0 })
        }
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["diff", path, path, "-o", out, "--backend", "cpu"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/diff.json"))) as! [String: Any]
        let tensors = json["tensors"] as! [[String: Any]]
        #expect(tensors.count == 3)
        for tensor in tensors {
            #expect((tensor["change"] as! [String: Any])["max_abs"] as? Double == 0)
            #expect((tensor["filters"] as! [[String: Any]]).allSatisfy { $0["max_abs"] as? Double == 0 })
        }
        // Symmetric normalisation draws every zero change in one colour: the image holds that
        // and the padding, nothing else.
        let image = try PNGImage(path: out + "/conv.weight.png")
        let colours = Set(stride(from: 0, to: image.pixels.count, by: image.channels).map { image.pixels[$0..<($0 + image.channels)] })
        #expect(colours.count == 2, "\(colours)")
    }

    @Test func differencesMatchBMinusAFilterByFilter() throws {
        let a = try WeightFiles.open(Self.models + "/good/resnet.safetensors")
        let b = try WeightFiles.open(Self.models + "/good/resnet-step2.safetensors")
        let difference = DifferenceFile(a: a, b: b)
        let conv = difference.tensors.first { $0.name == "conv.weight" }!
        let valuesA = try Fixtures.values(of: a.tensors.first { $0.name == "conv.weight" }!, in: a)
        let valuesB = try Fixtures.values(of: b.tensors.first { $0.name == "conv.weight" }!, in: b)
        let changes = try Fixtures.values(of: conv, in: difference)
        #expect(changes == zip(valuesB, valuesA).map { $0 - $1 })
        let filters = try difference.filterChanges(of: "conv.weight")
        #expect(filters.count == 8)
        for (i, filter) in filters.enumerated() {
            let slice = changes[(i * 27)..<((i + 1) * 27)]
            #expect(filter.min == slice.min()! && filter.max == slice.max()! && filter.finite == 27)
        }
    }

    @Test func mismatchedShapesAreReportedNotFatal() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["diff", Self.models + "/good/resnet.safetensors", Self.models + "/drifted.safetensors",
                                  "-o", out, "--backend", "cpu"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("'fc.weight' has shape 10x16 in A and 10x8 in B"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/diff.json"))) as! [String: Any]
        #expect((json["tensors"] as! [[String: Any]]).map { $0["name"] as! String } == ["conv.weight", "fc.bias"])
        #expect((json["mismatched"] as! [[String: Any]]).first?["name"] as? String == "fc.weight")
        #expect(json["only_in_b"] as? [String] == ["extra.weight"])
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }
}
