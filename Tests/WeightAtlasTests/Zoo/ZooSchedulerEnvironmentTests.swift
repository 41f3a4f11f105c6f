import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// What Slurm and Kubernetes tell a zoo run: stepped, offset and throttled arrays map onto
/// shards 0..<count, an array that is not one range is refused, `SLURM_CPUS_PER_TASK` is the
/// default `--jobs`; and the sizes and digests the shards record.
@Suite struct ZooSchedulerEnvironmentTests {
    /// A Slurm array task's variables as Slurm sets them for `--array=MIN-MAX:STEP`.
    static func slurm(_ id: Int, min: Int, max: Int, step: Int = 1, count: Int? = nil) -> [String: String] {
        ["SLURM_ARRAY_JOB_ID": "41", "SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)",
         "SLURM_ARRAY_TASK_MAX": "\(max)", "SLURM_ARRAY_TASK_STEP": "\(step)",
         "SLURM_ARRAY_TASK_COUNT": "\(count ?? (max - min) / step + 1)"]
    }

    @Test(arguments: [
        (slurm(0, min: 0, max: 3), "0/4"), (slurm(3, min: 0, max: 3), "3/4"),
        (slurm(1, min: 1, max: 16), "0/16"), (slurm(16, min: 1, max: 16), "15/16"),   // --array=1-16
        (slurm(4, min: 0, max: 6, step: 2), "2/4"), (slurm(6, min: 0, max: 6, step: 2), "3/4"),   // --array=0-6:2
        (slurm(7, min: 1, max: 10, step: 3), "2/4"),   // --array=1-10:3 is 1, 4, 7, 10
    ])
    func arrayTasksAreShards(_ environment: [String: String], _ shard: String) throws {
        #expect(try ZooShard.fromEnvironment(environment, shards: nil)?.description == shard)
    }

    @Test func withoutCountTheRangeSaysHowMany() throws {
        var environment = Self.slurm(4, min: 0, max: 6, step: 2)
        environment["SLURM_ARRAY_TASK_COUNT"] = nil
        #expect(try ZooShard.fromEnvironment(environment, shards: nil)?.description == "2/4")
        environment["SLURM_ARRAY_TASK_MAX"] = nil
        #expect(throws: ZooError.self) { try ZooShard.fromEnvironment(environment, shards: nil) }
    }

    @Test(arguments: [
        slurm(3, min: 1, max: 10, step: 1, count: 3),   // --array=1,3,10: not one range
        slurm(3, min: 0, max: 6, step: 2),              // not on the step
        ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_STEP": "0"],
        ["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"],
    ])
    func arraysThatAreNotOneRangeAreRefused(_ environment: [String: String]) {
        #expect(throws: ZooError.self) { try ZooShard.fromEnvironment(environment, shards: nil) }
    }

    @Test func aSteppedArrayOnTheCommandLineIsUsageErrorFreeAndAnIrregularOneExitsTwo() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let stepped = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/a", "--backend", "cpu", "-q"],
                                  environment: Self.slurm(6, min: 0, max: 6, step: 2))
        #expect(stepped.status <= 1, "\(stepped.stderr)")
        #expect(try ZooDocument(contentsOf: out + "/a/zoo.json").provenance?.shard?.description == "3/4")
        let irregular = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/b", "--backend", "cpu", "-q"],
                                    environment: Self.slurm(3, min: 1, max: 10, count: 3))
        #expect(irregular.status == 2 && irregular.stderr.contains("is not one range 1-10 of 3 tasks"), "\(irregular.stderr)")
    }

    @Test func cpusPerTaskIsTheDefaultJobs() throws {
        #expect(try ZooShard.jobs(fromEnvironment: ["SLURM_CPUS_PER_TASK": "8"], limit: 256) == 8)
        #expect(try ZooShard.jobs(fromEnvironment: ["SLURM_CPUS_PER_TASK": "999"], limit: 256) == 256)
        #expect(try ZooShard.jobs(fromEnvironment: [:], limit: 256) == nil)
        #expect(throws: ZooError.self) { try ZooShard.jobs(fromEnvironment: ["SLURM_CPUS_PER_TASK": "0"], limit: 256) }
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let bad = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/x", "--backend", "cpu", "-q"],
                              environment: ["SLURM_CPUS_PER_TASK": "lots"])
        #expect(bad.status == 2 && bad.stderr.contains("SLURM_CPUS_PER_TASK='lots' is not an integer"), "\(bad.stderr)")
        let flag = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/y", "--backend", "cpu", "-q", "--jobs", "1"],
                               environment: ["SLURM_CPUS_PER_TASK": "lots"])
        #expect(flag.status == 1, "--jobs wins over the environment: \(flag.stderr)")
        let three = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/z", "--backend", "cpu", "-q"],
                                environment: ["SLURM_CPUS_PER_TASK": "3"])
        #expect(three.status == 1)
        #expect(try String(contentsOfFile: out + "/z/zoo.json", encoding: .utf8) == String(contentsOfFile: out + "/y/zoo.json", encoding: .utf8))
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.tagged([]) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.tagged(Array("abc".utf8)) == "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.tagged(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "sha256:248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256.tagged(Array(repeating: 0x61, count: 1_000_000)) == "sha256:cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// The progress rate counts the bytes of the model, not of a symbolic link to it (the
    /// Hugging Face cache links every file to a blob).
    @Test func modelSizesFollowSymbolicLinks() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        try Data(count: 5000).write(to: URL(fileURLWithPath: out + "/blob"))
        try FileManager.default.createDirectory(atPath: out + "/sharded", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: out + "/model.safetensors", withDestinationPath: out + "/blob")
        try FileManager.default.createSymbolicLink(atPath: out + "/sharded/a-00001-of-00002.safetensors", withDestinationPath: out + "/blob")
        try Data(count: 7).write(to: URL(fileURLWithPath: out + "/sharded/b-00002-of-00002.safetensors"))
        #expect(ZooModel(path: "m", location: out + "/model.safetensors").bytes == 5000)
        #expect(ZooModel(path: "s", location: out + "/sharded").bytes == 5007)
        #expect(ZooModel(path: "x", location: out + "/missing").bytes == 0)
        let progress = ZooProgress(done: 26, total: 30, model: "m", elapsed: 1, bytes: 26 * 5000)
        #expect(progress.modelsPerSecond == 26 && progress.megabytesPerSecond == 0.13)
    }
}
