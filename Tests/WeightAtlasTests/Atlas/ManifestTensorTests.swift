import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode

/// `ManifestTensor` is the one model of a manifest's tensor entry: what `render` writes reads
/// back member for member, and the readers (drift, preview, stale outputs) see every field.
@Suite struct ManifestTensorTests {
    /// The typed members of a written entry, as written.
    static let typedKeys: Set<String> = ["name", "shape", "dtype", "stats", "layout", "filters", "dead_filters",
                                         "image", "tiles", "dzi", "grid"]

    static func manifest(_ folder: String) throws -> JSONValue {
        try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: folder + "/manifest.json"))))
    }

    @Test(arguments: [[], ["--dzi"]])
    func whatRenderWritesReadsBackMemberForMember(_ extra: [String]) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Samples").standardized.path
        for (i, input) in [ExitCodeTests.sample, samples + "/blazeface-short-range.safetensors"].enumerated() {
            let folder = out + "/\(i)"
            let result = try CLI.run(["render", input, "-o", folder, "--quiet", "--backend", "cpu"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let entries = try #require(try Self.manifest(folder)["tensors"]?.elements)
            #expect(!entries.isEmpty)
            for entry in entries {
                let typed = try #require(ManifestTensor(json: entry), "\(entry)")
                guard case .object(let members) = entry else { Issue.record("not an object"); continue }
                #expect(typed.json == .object(members.filter { Self.typedKeys.contains($0.0) }), "\(typed.name)")
                #expect(typed.stats != nil && typed.dtype != nil && typed.layout != nil)
                if typed.image != nil { #expect((typed.dzi != nil) == !extra.isEmpty && typed.grid != nil, "\(typed.name)") }
            }
            #expect(entries.compactMap(ManifestTensor.init(json:)).contains { $0.image != nil && $0.grid != nil })
            let typed = ManifestTensor.entries(of: try Self.manifest(folder))
            #expect(typed.count == entries.count)
        }
    }

    @Test func oddMembersReadAsAbsentNotAsAnotherEntry() throws {
        let entry = JSONValue.object([
            ("name", .string("w")), ("shape", .array([.int(2), .int(3)])), ("dtype", .int(4)),
            ("stats", .object([("min", .null), ("max", .number(1)), ("mean", .string("x"))])),
            ("grid", .object([("width", .int(7))])), ("dzi", .object([("files", .string("w_files")), ("levels", .int(3)), ("tile_size", .int(256))])),
        ])
        let typed = try #require(ManifestTensor(json: entry))
        #expect(typed.dtype == nil && typed.grid == nil && typed.stats?.max == 1 && typed.stats?.min == nil && typed.stats?.mean == nil)
        #expect(typed.dzi?.files == "w_files" && typed.dzi?.format == "png" && typed.dzi?.descriptor == "")
        #expect(ManifestTensor(json: .object([("name", .string("w")), ("shape", .array([.string("2")]))])) == nil)
        #expect(ManifestTensor(json: .object([("shape", .array([]))])) == nil)
    }
}
