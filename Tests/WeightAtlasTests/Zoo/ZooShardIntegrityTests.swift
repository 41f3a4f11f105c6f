import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `merge` takes only every shard of one run: each shard's zoo.json records which shard of
/// how many it is, the walk's digest, the configuration, the baseline and the version; a
/// missing, duplicate, stale or foreign shard is refused (exit 3, naming it), `--allow-partial`
/// merges anyway and says so everywhere (exit 1), and complete shards still merge into exactly
/// the bytes of one run.
@Suite struct ZooShardIntegrityTests {
    static let models = ZooCommandTests.models, baseline = ZooCommandTests.baseline

    /// Shards `indices` of `count` of `zoo` into `out/shard-i` (extra arguments appended).
    func shards(_ out: String, _ indices: [Int], of count: Int, zoo: String = models, _ extra: [String] = []) throws -> [String] {
        try indices.map { i in
            let folder = out + "/shard-\(i)"
            let result = try CLI.run(["zoo", zoo, "-o", folder, "--shard", "\(i)/\(count)", "--backend", "cpu", "-q"] + extra)
            #expect(result.status <= 1, "\(result.stderr)")
            return folder
        }
    }

    func text(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    @Test func completeShardsMergeIntoTheBytesOfOneRunAndOnlyShardsSayWhichTheyAre() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let reports = { (name: String) in ["--baseline", Self.baseline, "--junit", out + "/\(name).xml", "--summary", out + "/\(name).md"] }
        let full = try CLI.run(["zoo", Self.models, "-o", out + "/full", "--backend", "cpu", "-q"] + reports("full"))
        #expect(full.status == 1, "\(full.stderr)")
        let parts = try shards(out, [0, 1, 2, 3], of: 4, ["--baseline", Self.baseline])
        let merged = try CLI.run(["merge"] + parts + ["-o", out + "/merged", "-q", "--junit", out + "/merged.xml", "--summary", out + "/merged.md"])
        #expect(merged.status == 1, "\(merged.stderr)")
        for file in ["full/zoo.json", "full/index.html"] {
            #expect(try text(out + "/" + file) == text(out + "/" + file.replacingOccurrences(of: "full", with: "merged")), "\(file)")
        }
        #expect(try text(out + "/full.xml") == text(out + "/merged.xml"))
        let whole = try ZooDocument(contentsOf: out + "/full/zoo.json").provenance
        #expect(whole?.shard == nil && whole?.walkModels == 9 && whole?.baseline?.hasPrefix("sha256:") == true)
        #expect(whole?.version == WeightAtlasVersion.string && whole?.partial == nil)
        let second = try ZooDocument(contentsOf: parts[1] + "/zoo.json").provenance
        #expect(second?.shard == (try ZooShard(index: 1, count: 4)))
        #expect(second.map { var p = $0; p.shard = nil; return p } == whole, "a shard records the same run, and which shard")
    }

    @Test func aMissingShardIsRefusedAndAllowPartialMarksEveryReport() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let parts = try shards(out, [0, 2], of: 3)
        let refused = try CLI.run(["merge"] + parts + ["-o", out + "/merged"])
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("merge: shard 1 of 3 missing (given: 0, 2)"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/merged"), "nothing written when refused")

        let partial = try CLI.run(["merge"] + parts + ["-o", out + "/merged", "--allow-partial",
                                                       "--junit", out + "/junit.xml", "--summary", out + "/summary.md"])
        #expect(partial.status == 1, "partial is never a pass: \(partial.stderr)")
        #expect(partial.stderr.contains("warning: merge: partial: shard 1 of 3 missing"))
        #expect(partial.stdout.hasPrefix("partial: shard 1 of 3 missing: "), "\(partial.stdout)")
        let document = try ZooDocument(contentsOf: out + "/merged/zoo.json")
        #expect(document.provenance?.partial == ZooPartial(count: 3, missing: [1]) && document.provenance?.shard == nil)
        #expect(!document.passed)
        #expect(try text(out + "/merged/zoo.json").contains("\"partial\": {\n  \"shards\": 3,\n  \"missing\": [1]\n }"))
        let junit = try text(out + "/junit.xml")
        #expect(junit.contains("<testsuites name=\"weightatlas zoo (partial)\""))
        #expect(junit.contains("<testcase classname=\"merge\" name=\"shard 1 of 3\">"))
        #expect(JUnitStructure.parse(Data(junit.utf8))?.suites.first?.name == "merge")
        let summary = try text(out + "/summary.md")
        #expect(summary.hasPrefix("## WeightAtlas zoo (partial: shard 1 of 3 missing): "), "\(summary)")
        #expect(summary.contains("**Partial result:** shard 1 of 3 was not merged"))
        for folder in document.folders {
            #expect(FileManager.default.fileExists(atPath: out + "/merged/" + folder + "/manifest.json") || folder == "corrupt.safetensors")
        }
        let again = try CLI.run(["merge", out + "/merged", parts[0], "-o", out + "/again"])
        #expect(again.status == 3 && again.stderr.contains("is itself a partial merge"), "\(again.stderr)")
    }

    @Test func aShardGivenTwiceIsRefused() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let parts = try shards(out, [0, 1], of: 2)
        try FileManager.default.copyItem(atPath: parts[1], toPath: out + "/copy-of-1")
        let result = try CLI.run(["merge"] + parts + [out + "/copy-of-1", "-o", out + "/merged"])
        #expect(result.status == 3 && result.stderr.contains("merge: shard 1/2 given twice: \(parts[1]) and \(out)/copy-of-1"), "\(result.stderr)")
    }

    @Test func aStaleShardOfAnotherWalkIsRefused() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let zoo = out + "/zoo"
        try FileManager.default.copyItem(atPath: Self.models, toPath: zoo)
        let old = try shards(out, [0, 1], of: 2, zoo: zoo)
        // The zoo gains a model; shard 1 runs again, shard 0's folder is left from the first run.
        try FileManager.default.copyItem(atPath: zoo + "/nan.safetensors", toPath: zoo + "/nan-copy.safetensors")
        _ = try shards(out, [1], of: 2, zoo: zoo)
        let result = try CLI.run(["merge"] + old + ["-o", out + "/merged"])
        #expect(result.status == 3, "\(result.stderr)")
        #expect(result.stderr.contains("are not shards of one run: \(old[1]) walked another zoo (10 models"), "\(result.stderr)")
        #expect(result.stderr.contains("a stale shard of an earlier run"))
        // A model whose size changed changes the walk too.
        try Data(count: 9).write(to: URL(fileURLWithPath: zoo + "/notes.bin.npy"))
        let before = ZooProvenance.walkDigest(of: try ZooWalk.models(under: [zoo]))
        #expect(ZooProvenance.walkDigest(of: try ZooWalk.models(under: [zoo])) == before)
        try Data(count: 10).write(to: URL(fileURLWithPath: zoo + "/notes.bin.npy"))
        #expect(ZooProvenance.walkDigest(of: try ZooWalk.models(under: [zoo])) != before)
    }

    @Test(arguments: [
        (["--tolerance", "0.5"], "was checked with another configuration"),
        (["--skip-check", "dead"], "was checked with another configuration"),
        (["--scale", "3"], "was rendered with other options"),
        (["--compression", "none"], "was rendered with other options"),
        (["--baseline", ZooCommandTests.baseline], "was checked against another baseline (sha256:"),
    ])
    func shardsOfAnotherConfigurationAreRefused(_ options: [String], _ message: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let first = try shards(out, [0], of: 2)
        let second = try shards(out, [1], of: 2, options)
        let result = try CLI.run(["merge"] + first + second + ["-o", out + "/merged"])
        #expect(result.status == 3 && result.stderr.contains("\(second[0]) \(message)"), "\(result.stderr)")
    }

    @Test func shardsOfAnotherVersionOrWithoutARecordAreRefused() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let parts = try shards(out, [0, 1], of: 2)
        let file = parts[1] + "/zoo.json"
        let original = try text(file)
        try original.replacingOccurrences(of: "\"weightatlas\": \"\(WeightAtlasVersion.string)\"", with: "\"weightatlas\": \"0.0.1\"")
            .write(toFile: file, atomically: true, encoding: .utf8)
        let version = try CLI.run(["merge"] + parts + ["-o", out + "/merged"])
        #expect(version.status == 3 && version.stderr.contains("was written by weightatlas 0.0.1, the other by \(WeightAtlasVersion.string)"),
                "\(version.stderr)")
        // A zoo.json of an earlier weightatlas (no record at all) names what to do.
        var document = try ZooDocument(Array(original.utf8), file: file)
        document.provenance = nil
        try document.text.write(toFile: file, atomically: true, encoding: .utf8)
        let old = try CLI.run(["merge"] + parts + ["-o", out + "/merged"])
        #expect(old.status == 3 && old.stderr.contains("does not record which run and shard it is"), "\(old.stderr)")
        // An unsharded run is shard 0 of 1: it cannot be mixed with shards of 2.
        let whole = try CLI.run(["zoo", Self.models, "-o", out + "/whole", "--backend", "cpu", "-q"])
        #expect(whole.status == 1)
        let mixed = try CLI.run(["merge", parts[0], out + "/whole", "-o", out + "/merged"])
        #expect(mixed.status == 3 && mixed.stderr.contains("is shard 0/1 but \(parts[0]) is shard 0/2"), "\(mixed.stderr)")
    }

    @Test func aMalformedRecordIsNamed() throws {
        let bytes = Array("{\"weightatlas\": \"0.7.0\", \"walk\": {\"models\": \"nine\"}, \"models\": []}".utf8)
        #expect(throws: ZooError.document(file: "z.json", offset: nil, message: "malformed \"walk\"")) {
            try ZooDocument(bytes, file: "z.json")
        }
        #expect(try ZooDocument(Array("{\"models\": []}".utf8), file: "z.json").provenance == nil, "older zoo.json still reads as a baseline")
    }
}
