import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Every valid format fixture (every dtype, byte order and element order) rendered by the
/// CLI on the CPU and on OpenCL: the same images, the same manifest apart from the backend
/// and the sums' last bits.
@Suite(.enabled(if: ParityEnvironment.shouldRun, "no OpenCL device (and not CI)"))
struct FixtureParityTests {
    static let files: [String] = ["valid", "onnx", "gguf", "pytorch"].flatMap { folder in
        (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.root.appendingPathComponent(folder).path))?
            .filter { [".npy", ".npz", ".safetensors", ".onnx", ".gguf", ".pt", ".ckpt"].contains(where: $0.hasSuffix) }
            .map { "\(folder)/\($0)" } ?? []
    }.sorted()

    @Test(arguments: files)
    func cpuAndOpenCLDrawTheSameBytes(_ name: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        var images: [String: [String: Data]] = [:]
        for backend in ["cpu", "opencl"] {
            let folder = out + "/" + backend
            let result = try CLI.run(["render", Fixtures.root.appendingPathComponent(name).path, "-o", folder, "--quiet", "--backend", backend, "--scope", "kernel"])
            #expect(result.status == 0, "\(backend): \(result.stderr)")
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".png") {
                images[backend, default: [:]][file] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
            }
        }
        #expect(images["cpu"]?.keys.sorted() == images["opencl"]?.keys.sorted())
        for (file, bytes) in images["cpu"] ?? [:] {
            #expect(try PNGImage(path: out + "/cpu/" + file) == PNGImage(path: out + "/opencl/" + file), "\(name): \(file)")
            _ = bytes
        }
    }
}
