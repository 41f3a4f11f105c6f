import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `--mosaic`: every layer image in one PNG, in model order, separated by pad rows, with the
/// manifest saying where each layer sits.
@Suite struct MosaicTests {
    @Test func mosaicHoldsEveryLayerImageWhereTheManifestSays() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let golden = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path
        let result = try CLI.run(["render", golden, "-o", out, "--mosaic", out + "/all.png", "--pad-value", "77", "--quiet"])
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))) as! [String: Any]
        let mosaic = manifest["mosaic"] as! [String: Any]
        let regions = mosaic["regions"] as! [[String: Any]]
        let tensors = (manifest["tensors"] as! [[String: Any]]).filter { $0["image"] != nil }
        #expect(regions.map { $0["tensor"] as! String } == tensors.map { $0["name"] as! String })
        let image = try PNGImage(path: out + "/all.png")
        #expect(image.width == mosaic["width"] as? Int && image.height == mosaic["height"] as? Int && image.channels == 3)
        for (region, tensor) in zip(regions, tensors) {
            let layer = try PNGImage(path: out + "/" + (tensor["image"] as! String))
            let (x0, y0) = (region["x"] as! Int, region["y"] as! Int)
            #expect(region["width"] as? Int == layer.width && region["height"] as? Int == layer.height)
            for y in stride(from: 0, to: layer.height, by: 3) {
                for x in stride(from: 0, to: image.width, by: 2) {
                    let expected: [UInt8] = x < layer.width
                        ? (layer.channels == 3 ? Array(layer.pixel(x: x, y: y)) : Array(repeating: layer.pixel(x: x, y: y).first!, count: 3))
                        : [77, 77, 77]
                    #expect(Array(image.pixel(x: x0 + x, y: y0 + y)) == expected, "\(tensor["name"]!) at (\(x), \(y))")
                    if Array(image.pixel(x: x0 + x, y: y0 + y)) != expected { return }
                }
            }
            if y0 > 0 { #expect(Array(image.pixel(x: 0, y: y0 - 1)) == [77, 77, 77]) }
        }
    }
}

/// The streaming Base64 of the viewer's tile files against Foundation's, for pieces of every size.
@Suite struct Base64StreamTests {
    @Test(arguments: [[1], [2], [3], [1, 1, 1, 1], [5, 7, 2], [4096, 1, 2, 4095]])
    func piecesEncodeLikeTheWhole(_ sizes: [Int]) {
        let bytes = (0..<sizes.reduce(0, +)).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        var text: [UInt8] = []
        var encoder = Base64Stream { text += $0 }
        var start = 0
        for size in sizes {
            bytes[start..<(start + size)].withUnsafeBytes { encoder.append($0) }
            start += size
        }
        encoder.finish()
        #expect(String(decoding: text, as: UTF8.self) == Data(bytes).base64EncodedString())
    }
}
