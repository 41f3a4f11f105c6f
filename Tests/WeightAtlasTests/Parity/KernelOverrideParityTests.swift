import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Kernel sources read from an override directory: a broken kernel fails with the device's
/// build log, a missing file is named, and an intact copy builds.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (set CI=true to make this a failure)"))
struct KernelOverrideParityTests {
    /// A fresh directory holding the embedded kernels, with `edit` replacing files by name
    /// and the files in `omit` left out.
    func kernelsDirectory(_ edit: [String: String] = [:], omit: Set<String> = []) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("weightatlas-kernels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in KernelSources.files where !omit.contains(file) {
            let text = edit[file] ?? EmbeddedKernels.sources[file] ?? ""
            try text.write(to: directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
        }
        return directory
    }

    @Test func syntaxErrorCarriesTheBuildLog() throws {
        let device = try ParityEnvironment.backend().device
        let broken = EmbeddedKernels.sources["rescale.cl"]!.replacingOccurrences(of: "v = v > 0.0f", with: "v = v >> 0.0f +")
        let directory = try kernelsDirectory(["rescale.cl": broken])
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try OpenCLBackend(device: device, kernelsDirectory: directory.path)
            Issue.record("a kernel with a syntax error built")
        } catch {
            #expect(error.message.contains("clBuildProgram(rescale.cl)"))
            #expect(error.message.contains("CL_BUILD_PROGRAM_FAILURE"))
            let log = try #require(error.buildLog)
            #expect(!log.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        }
    }

    @Test func missingFileIsNamed() throws {
        let device = try ParityEnvironment.backend().device
        let directory = try kernelsDirectory(omit: ["tile.cl"])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try OpenCLBackend(device: device, kernelsDirectory: directory.path)
        } throws: { error in
            (error as? BackendError)?.message.contains("tile.cl") == true
        }
    }

    @Test func intactCopyBuildsFromDisk() throws {
        let device = try ParityEnvironment.backend().device
        let directory = try kernelsDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let backend = try OpenCLBackend(device: device, kernelsDirectory: directory.path)
        #expect(backend.kernelOrigin == directory.path)
        #expect(backend.description.contains(directory.path))
    }
}
