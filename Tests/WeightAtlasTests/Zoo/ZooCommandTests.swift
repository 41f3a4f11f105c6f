import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `weightatlas zoo` over the fixture zoo (Tests/Fixtures/make_zoo_fixtures.py): exit code,
/// zoo.json, JUnit XML, Markdown summary, and folders.
@Suite struct ZooCommandTests {
    static let zoo = Fixtures.root.appendingPathComponent("zoo")
    static let models = zoo.appendingPathComponent("models").path
    static let baseline = zoo.appendingPathComponent("baseline/zoo.json").path

    /// The failed checks the fixture zoo must give: (model, check, tensor).
    static let expectedFailures: Set<String> = [
        "corrupt.safetensors read -", "dead.safetensors dead conv.weight", "nan.safetensors nan conv.weight",
        "exploded.safetensors exploded fc.weight", "drifted.safetensors drift conv.weight",
        "drifted.safetensors shape fc.weight", "drifted.safetensors added extra.weight",
        "drifted.safetensors removed removed.weight",
    ]

    @Test func fixtureZooFailsWithTheExpectedChecksAndReports() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let step = out + "/step-summary.md"
        try "# earlier step\n".write(toFile: step, atomically: true, encoding: .utf8)
        let result = try CLI.run(["zoo", Self.models, "-o", out + "/atlas", "--baseline", Self.baseline, "--backend", "cpu",
                                  "--junit", out + "/junit.xml", "--summary", out + "/summary.md"],
                                 environment: ["GITHUB_STEP_SUMMARY": step])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stdout.contains("9 models, 5 failed"), "\(result.stdout)")

        let document = try ZooDocument(contentsOf: out + "/atlas/zoo.json")
        #expect(document.models.map(\.path) == [
            "corrupt.safetensors", "dead.safetensors", "drifted.safetensors", "exploded.safetensors",
            "good/resnet-step2.safetensors", "good/resnet.safetensors", "mlp/w.npy", "nan.safetensors", "sharded",
        ])
        let failures = Set(document.models.flatMap { entry in entry.failures.map { "\(entry.path) \($0.check) \($0.tensor ?? "-")" } })
        #expect(failures == Self.expectedFailures)
        let nan = document.models.first { $0.path == "nan.safetensors" }!.failures[0]
        #expect(nan.detail == "3 NaN")
        let good = document.models.first { $0.path == "good/resnet.safetensors" }!
        #expect(good.checks.contains { $0.check == .drift && $0.passed }, "the baseline has its exact stats")
        #expect(document.models.first { $0.path == "corrupt.safetensors" }!.manifest == nil)
        #expect(!(try String(contentsOfFile: out + "/atlas/zoo.json", encoding: .utf8)).contains(Self.models),
                "no absolute paths in zoo.json")

        for folder in ["dead.safetensors", "good__resnet.safetensors", "mlp__w.npy", "sharded"] {
            #expect(FileManager.default.fileExists(atPath: out + "/atlas/\(folder)/manifest.json"), "\(folder)")
            #expect(FileManager.default.fileExists(atPath: out + "/atlas/\(folder)/index.html"), "\(folder)")
        }
        let index = try String(contentsOfFile: out + "/atlas/index.html", encoding: .utf8)
        #expect(index.contains("href=\"good__resnet.safetensors/index.html\""))

        try checkJUnit(out + "/junit.xml", document: document)
        let summary = try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
        #expect(summary.hasPrefix("## WeightAtlas zoo: 5 of 9 models failed (8 failed checks)"))
        #expect(summary.contains("[<img src=\"atlas/dead.safetensors/conv.weight.png\""), "thumbnails link relative to the summary")
        #expect(summary.contains("| nan.safetensors | nan | <code>conv.weight</code> | 3 NaN |"))
        let stepText = try String(contentsOfFile: step, encoding: .utf8)
        #expect(stepText.hasPrefix("# earlier step\n## WeightAtlas zoo: 5 of 9"), "appended to GITHUB_STEP_SUMMARY")
    }

    /// Healthy tensors that naive checks call broken pass by default; `--strict` still finds them.
    @Test func healthyQuirksPassByDefaultAndFailUnderStrict() throws {
        let model = Self.zoo.appendingPathComponent("healthy").path
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let relaxed = try CLI.run(["zoo", model, "-o", out + "/a", "--backend", "cpu", "--quiet"])
        #expect(relaxed.status == 0, "\(relaxed.stdout)\(relaxed.stderr)")
        let checked = try ZooDocument(contentsOf: out + "/a/zoo.json").models[0].checks
        #expect(!checked.contains { $0.tensor == "shape_const" || $0.tensor == "paddings" }, "integers get no check")
        #expect(Set(checked.filter { $0.tensor == "bn.running_var" }.map(\.check)) == [Check.nan, .inf])
        #expect(checked.contains { $0.check == .dead && $0.tensor == "stft.weight" && $0.passed && $0.detail == "2 of 16 filters constant" })

        #expect(try CLI.run(["zoo", model, "-o", out + "/b", "--backend", "cpu", "--quiet", "--strict"]).status == 1)
        let strict = Set(try ZooDocument(contentsOf: out + "/b/zoo.json").models[0].failures.map { "\($0.check) \($0.tensor ?? "-")" })
        #expect(strict.isSuperset(of: ["exploded shape_const", "exploded bn.running_var", "dead stft.weight"]), "\(strict)")

        let excluded = try CLI.run(["zoo", Self.models, "-o", out + "/c", "--backend", "cpu", "--quiet",
                                    "--exclude", "corrupt.*", "--exclude", "good/*", "--skip-check", "nan"])
        let paths = try ZooDocument(contentsOf: out + "/c/zoo.json").models.map(\.path)
        #expect(excluded.status == 1 && !paths.contains("corrupt.safetensors") && !paths.contains { $0.hasPrefix("good/") })
        #expect(paths.contains("mlp/w.npy"))
    }

    /// `zoo` takes every file a reader reads: a TorchScript `.jit`, a Keras `.hdf5` too.
    @Test func theWalkTakesEveryExtensionTheReadersRead() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try FileManager.default.createDirectory(atPath: folder + "/m", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: PyTorchFixtures.path("torchscript.pt"), toPath: folder + "/m/scripted.jit")
        try "not a model".write(toFile: folder + "/m/notes.txt", atomically: true, encoding: .utf8)
        let models = try ZooWalk.models(under: [folder + "/m"])
        #expect(models.map(\.path) == ["scripted.jit"])
        #expect(try !WeightFiles.open(models[0].location).tensors.isEmpty)
        #expect(ZooWalk.extensions.contains(".hdf5") && ZooWalk.extensions.contains(".jit"))
    }

    func checkJUnit(_ path: String, document: ZooDocument) throws {
        let junit = try #require(JUnitStructure.parse(try Data(contentsOf: URL(fileURLWithPath: path))), "well-formed XML")
        #expect(junit.suites.map(\.name) == document.models.map(\.path), "a testsuite per model")
        #expect(junit.declaredTests == junit.cases && junit.cases == document.models.reduce(0) { $0 + $1.checks.count })
        #expect(junit.declaredFailures == junit.failures && junit.failures == Self.expectedFailures.count)
        for suite in junit.suites {
            #expect(suite.declaredTests == suite.cases.count, "\(suite.name)")
            #expect(suite.declaredFailures == suite.cases.filter { $0.failure != nil }.count, "\(suite.name)")
        }
        let corrupt = junit.suites.first { $0.name == "corrupt.safetensors" }!
        #expect(corrupt.cases.count == 1 && corrupt.cases[0].failure?.contains("outside the 10-byte data section") == true)
    }

    @Test func healthyModelsPassAndExitZero() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let list = out + "/models.txt"
        try "# healthy ones\n\(Self.models)/good/resnet.safetensors\n\n\(Self.models)/mlp/w.npy\n"
            .write(toFile: list, atomically: true, encoding: .utf8)
        let result = try CLI.run(["zoo", "--list", list, "-o", out + "/atlas", "--backend", "cpu", "--junit", out + "/j.xml"],
                                 environment: ["GITHUB_STEP_SUMMARY": ""])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "no progress when not a terminal")
        let junit = try #require(JUnitStructure.parse(try Data(contentsOf: URL(fileURLWithPath: out + "/j.xml"))))
        #expect(junit.suites.count == 2 && junit.failures == 0 && junit.cases > 0)
    }

    @Test func checksConfigurationChangesWhatFails() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let config = Self.zoo.appendingPathComponent("checks-valid.json").path   // nan + dead (up to half), fc.* ignored
        let result = try CLI.run(["zoo", Self.models, "-o", out, "--checks", config, "--backend", "cpu", "-q"])
        #expect(result.status == 1)
        let document = try ZooDocument(contentsOf: out + "/zoo.json")
        let failures = Set(document.models.flatMap { entry in entry.failures.map { "\(entry.path) \($0.check)" } })
        #expect(failures == ["corrupt.safetensors read", "nan.safetensors nan"])
        #expect(document.models.allSatisfy { $0.checks.allSatisfy { [Check.nan, .dead, .read].contains($0.check) && $0.tensor?.hasPrefix("fc.") != true } })
    }

    @Test(arguments: [
        ("checks-syntax.json", "at byte 18"), ("checks-unknown-key.json", "\"tolerence\": unknown key"),
        ("checks-unknown-check.json", "unknown check 'nans'"), ("checks-wrong-type.json", "\"max_abs\": expected a number"),
    ])
    func brokenChecksConfigurationIsAUsageError(_ name: String, _ message: String) throws {
        let path = Self.zoo.appendingPathComponent(name).path
        let result = try CLI.run(["zoo", Self.models, "-o", CLI.temporaryFolder(), "--checks", path, "-q"])
        #expect(result.status == 2, "\(result.stderr)")
        #expect(result.stderr.contains(path) && result.stderr.contains(message), "\(result.stderr)")
    }

    @Test(arguments: [
        ["zoo", models],                                         // no -o
        ["zoo", "-o", "out"],                                    // nothing to walk
        ["zoo", models, "-o", "out", "--shard", "3/3"],          // no such shard
        ["zoo", models, "-o", "out", "--shard", "x"],            // not i/n
        ["zoo", models, "-o", "out", "--skip-check", "nans"],    // unknown check
        ["zoo", models, "-o", "out", "--shards", "4"],           // no JOB_COMPLETION_INDEX
        ["diff", models + "/nan.safetensors", "-o", "out"],      // one file
        ["merge", "-o", "out"],                                  // nothing to merge
    ])
    func usageErrorsExitTwo(_ arguments: [String]) throws {
        let result = try CLI.run(arguments, environment: ["JOB_COMPLETION_INDEX": "", "SLURM_ARRAY_TASK_ID": ""])
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
    }
}
