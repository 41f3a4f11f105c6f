import Foundation
import Testing
@testable import WeightAtlas

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

    @Test func jobsMustBePositive() throws {
        let result = try CLI.run(["zoo", ZooCommandTests.models, "-o", CLI.temporaryFolder(), "--jobs", "0"])
        #expect(result.status == 2, "\(result.stderr)")
    }
}
