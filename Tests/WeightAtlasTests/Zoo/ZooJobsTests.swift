import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `weightatlas zoo --jobs N`: a bounded pool renders the same zoo, byte for byte.
@Suite struct ZooJobsTests {
    @Test func poolOfThreeWritesTheSameZooAsOneWorker() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var documents: [String] = []
        for jobs in ["1", "3"] {
            let result = try CLI.run(["zoo", ZooCommandTests.models, "-o", out + "/jobs-" + jobs, "--baseline", ZooCommandTests.baseline,
                                      "--backend", "cpu", "--jobs", jobs, "--quiet"])
            #expect(result.status == 1, "\(result.stderr)")
            documents.append(try String(contentsOfFile: out + "/jobs-\(jobs)/zoo.json", encoding: .utf8))
        }
        #expect(documents[0] == documents[1])
    }

    /// Keras and TFLite files are models of a zoo too; Keras files read at once on two workers
    /// each start their own HDF5 reader process, and one that libhdf5 cannot read fails its
    /// `read` check alone.
    @Test func kerasAndTFLiteModelsOnTwoWorkers() throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let models = out + "/models"
        try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
        let names = ["keras/keras3.keras", "keras/keras3-deflated.keras", "keras/legacy-model.h5", "tflite/model.tflite",
                     "invalid/fuzz-hdf5-group-walk-unbounded.keras"]
        for name in names {
            try FileManager.default.copyItem(atPath: Fixtures.root.appendingPathComponent(name).path,
                                             toPath: models + "/" + (name as NSString).lastPathComponent)
        }
        let result = try CLI.run(["zoo", models, "-o", out + "/atlas", "--backend", "cpu", "--jobs", "2", "--quiet"])
        #expect(result.status == 1, "\(result.stderr)")
        let document = try ZooDocument(contentsOf: out + "/atlas/zoo.json")
        #expect(document.models.map(\.path) == names.map { ($0 as NSString).lastPathComponent }.sorted())
        let failed = document.models.filter { !$0.failures.isEmpty }
        #expect(failed.map(\.path) == ["fuzz-hdf5-group-walk-unbounded.keras"])
        #expect(failed.first?.failures.first?.check == .read)
    }

    @Test func jobsMustBePositive() throws {
        let result = try CLI.run(["zoo", ZooCommandTests.models, "-o", CLI.temporaryFolder(), "--jobs", "0"])
        #expect(result.status == 2, "\(result.stderr)")
    }
}
