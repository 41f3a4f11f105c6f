import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Injected OpenCL faults (WEIGHTATLAS_INJECT_OPENCL_FAULT): `--backend auto` with a device
/// falls back to the CPU with one warning and the same bytes; `--backend opencl` exits 5.
@Suite(.serialized) struct OpenCLFaultTests {
    static let golden = Fixtures.root.appendingPathComponent("golden/golden.safetensors").path

    static func pngs(_ folder: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".png") {
            files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return files
    }

    @Test(arguments: ["build", "resources", "lost"])
    func autoFallsBackToTheCPUWithTheSameBytes(_ fault: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let cpu = try CLI.run(["render", Self.golden, "-o", out + "/cpu", "--backend", "cpu", "--quiet"])
        #expect(cpu.status == 0, "\(cpu.stderr)")
        let auto = try CLI.run(["render", Self.golden, "-o", out + "/auto", "--backend", "auto", "--device", "0", "--quiet"],
                               environment: ["WEIGHTATLAS_INJECT_OPENCL_FAULT": fault])
        #expect(auto.status == 0, "\(auto.stderr)")
        let warnings = auto.stderr.split(separator: "\n").filter { $0.contains("warning") }
        #expect(warnings.count == 1 && warnings[0].contains("injected"), "\(auto.stderr)")
        let expected = try Self.pngs(out + "/cpu")
        #expect(expected.count == 5)
        #expect(try Self.pngs(out + "/auto") == expected)
    }

    @Test(arguments: ["build", "resources", "lost"])
    func demandedOpenCLExitsFive(_ fault: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = try CLI.run(["render", Self.golden, "-o", out + "/cl", "--backend", "opencl", "--device", "0", "--quiet"],
                                 environment: ["WEIGHTATLAS_INJECT_OPENCL_FAULT": fault])
        #expect(result.status == 5, "\(result.stderr)")
        #expect(result.stderr.contains("injected"), "\(result.stderr)")
        let left = FileManager.default.enumerator(atPath: out)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(!left.contains { $0.contains(".tmp-") }, "\(left)")
    }
}
