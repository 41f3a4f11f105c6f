import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Mosaics rendered by the CLI against PNGs an independent numpy implementation drew
/// (Tests/Fixtures/golden/make_golden.py), decoded with libpng and compared pixel for pixel.
@Suite struct GoldenImageTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var tensor: String
        var options: [String]
        var png: String
        var testDescription: String { name }
    }

    static let folder = Fixtures.root.appendingPathComponent("golden")
    static let cases: [Case] = {
        let data = try! Data(contentsOf: folder.appendingPathComponent("cases.json"))
        return try! JSONDecoder().decode([Case].self, from: data)
    }()

    @Test(arguments: cases)
    func rendersLikeTheReference(_ golden: Case) throws {
        // Both backends must draw the reference bytes (OpenCL on PoCL in CI).
        for backend in ParityEnvironment.shouldRun ? ["cpu", "opencl"] : ["cpu"] {
            let out = CLI.temporaryFolder()
            defer { CLI.cleanup(out) }
            let input = Self.folder.appendingPathComponent(golden.file).path
            let result = try CLI.run(["render", input, "--tensor", golden.tensor, "-o", out, "--quiet", "--backend", backend] + golden.options)
            #expect(result.status == 0, "\(backend): \(result.stderr)")
            let rendered = try PNGImage(path: out + "/\(golden.tensor).png")
            let expected = try PNGImage(path: Self.folder.appendingPathComponent(golden.png).path)
            #expect(rendered.width == expected.width && rendered.height == expected.height && rendered.channels == expected.channels,
                    "\(golden.name): \(rendered.width)x\(rendered.height)x\(rendered.channels) vs \(expected.width)x\(expected.height)x\(expected.channels)")
            if rendered.pixels != expected.pixels {
                let first = zip(rendered.pixels, expected.pixels).enumerated().first { $0.element.0 != $0.element.1 }
                Issue.record("\(golden.name) on \(backend): first differing byte \(first.map { "\($0.offset): \($0.element.0) vs \($0.element.1)" } ?? "-")")
            }
        }
    }
}
