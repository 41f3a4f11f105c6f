import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// What a baseline does not cover is said, not silently unchecked: a first run without one
/// (zoo.json records none, the summary says drift was skipped, shards still merge), and
/// models the baseline does not hold or could not read (a skipped `baseline` result, listed
/// in zoo.json, JUnit and the summary).
@Suite struct ZooBaselineGapTests {
    @Test func aFirstRunWithoutABaselineMergesAndSaysDriftWasSkipped() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var parts: [String] = []
        for i in 0..<2 {
            parts.append(out + "/shard-\(i)")
            let result = try CLI.run(["zoo", ZooCommandTests.models, "-o", parts[i], "--shard", "\(i)/2", "--backend", "cpu", "-q"])
            #expect(result.status == 1, "\(result.stderr)")
        }
        let merged = try CLI.run(["merge"] + parts + ["-o", out + "/merged", "--summary", out + "/summary.md"])
        #expect(merged.status == 1, "\(merged.stderr)")
        let document = try ZooDocument(contentsOf: out + "/merged/zoo.json")
        #expect(document.provenance?.baseline == nil && document.provenance?.driftWithoutBaseline == true)
        #expect(try String(contentsOfFile: out + "/merged/zoo.json", encoding: .utf8).contains("\n \"baseline\": null,\n"))
        #expect(!document.models.flatMap(\.checks).contains { $0.check == .drift || $0.check == .baseline })
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("\nNo baseline: drift checks skipped (a first run"), "\(summary)")

        // The merged zoo.json is the next run's baseline; with drift off, no note.
        let next = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/next", "--baseline", out + "/merged/zoo.json",
                                "--backend", "cpu", "-q", "--summary", out + "/next.md"])
        #expect(next.status == 1)
        #expect(!(try String(contentsOfFile: out + "/next.md", encoding: .utf8)).contains("No baseline"))
        let off = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/off", "--skip-check", "drift", "--backend", "cpu", "-q",
                               "--summary", out + "/off.md"])
        let offSummary = try String(contentsOfFile: out + "/off.md", encoding: .utf8)
        #expect(off.status == 1 && !offSummary.contains("No baseline"))
    }

    @Test func modelsMissingFromTheBaselineAreListedAsSkipped() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/atlas", "--baseline", ZooCommandTests.baseline,
                                  "--backend", "cpu", "-q", "--junit", out + "/junit.xml", "--summary", out + "/summary.md"])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try ZooDocument(contentsOf: out + "/atlas/zoo.json")
        let baseline = try Baseline(contentsOf: ZooCommandTests.baseline)
        let absent = document.models.map(\.path).filter { baseline.models[$0] == nil }
        #expect(!absent.isEmpty, "the fixture baseline lacks some models")
        for entry in document.models {
            let skipped = entry.checks.filter(\.skipped)
            if absent.contains(entry.path) && entry.manifest != nil {
                let why = baseline.unreadable.contains(entry.path) ? "unreadable in the baseline" : "not in the baseline"
                #expect(skipped == [.skipped(.baseline, tensor: nil, detail: "\(why): no drift check")], "\(entry.path)")
                #expect(!entry.checks.contains { $0.check == .drift })
            } else {
                #expect(skipped.isEmpty, "\(entry.path)")
            }
        }
        let json = try String(contentsOfFile: out + "/atlas/zoo.json", encoding: .utf8)
        #expect(json.contains("{\"check\": \"baseline\", \"tensor\": null, \"passed\": true, \"skipped\": true, \"detail\": \"not in the baseline: no drift check\"}"))
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.contains("### Skipped checks\n\n| model | check | detail |"))
        #expect(summary.contains("| dead.safetensors | baseline | not in the baseline: no drift check |"), "\(summary)")
        let junit = try String(contentsOfFile: out + "/junit.xml", encoding: .utf8)
        #expect(junit.contains("<skipped message=\"not in the baseline: no drift check\"/>"))
        // A tensor missing from the baseline was, and is, a failed `added` check naming it.
        #expect(document.models.flatMap(\.failures).contains { $0.check == .added && $0.detail.hasPrefix("not in the baseline") })
    }

    @Test func aModelTheBaselineCouldNotReadIsSaidSo() throws {
        let old = ZooDocument(models: [ZooEntry(path: "m.npy", manifest: nil, checks: [])])
        let results = Baseline(old).checks(model: "m.npy", current: [], config: CheckConfig())
        #expect(results == [.skipped(.baseline, tensor: nil, detail: "unreadable in the baseline: no drift check")])
        var config = CheckConfig()
        config.enabled.remove(.drift)
        #expect(Baseline(old).checks(model: "m.npy", current: [], config: config).isEmpty)
        let back = CheckResult(json: results[0].json)
        #expect(back == results[0] && back?.skipped == true)
    }
}
