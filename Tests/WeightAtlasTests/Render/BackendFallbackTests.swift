import Foundation
import Synchronization
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `--backend auto`: a backend that fails mid-run hands over to the CPU with one warning,
/// and the atlas is the one the CPU alone draws.
@Suite struct BackendFallbackTests {
    /// A backend whose device is lost at the first call, whichever it is (short segments are
    /// reduced on the host, so a render's first device call may be its first band).
    final class LostDevice: RenderBackend {
        var description: String { "lost device" }
        static let lost = BackendError(backend: "opencl", message: "clEnqueueReadBuffer: CL_DEVICE_NOT_AVAILABLE (-2)")
        func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int) throws(BackendError) -> [SegmentStats] {
            throw Self.lost
        }
        func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) {
            throw Self.lost
        }
        func takeTimings() -> StageTimings { StageTimings() }
    }

    @Test func failingBackendFallsBackToTheCPUOnce() throws {
        let file = try WeightFiles.open(Fixtures.root.appendingPathComponent("golden/golden.safetensors").path)
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let warned = Mutex<[String]>([])
        var run = AtlasRun(options: RenderOptions(), backend: LostDevice())
        run.fallback = CPUBackend()
        run.warn = { line in warned.withLock { $0.append(line) } }
        let reports = try run.render(file, model: "golden", to: out + "/auto")
        let warnings = warned.withLock { $0 }
        #expect(warnings.count == 1 && warnings[0].contains("CL_DEVICE_NOT_AVAILABLE"))
        #expect(reports.count == 5 && run.backend is CPUBackend)
        var cpu = AtlasRun(options: RenderOptions(), backend: CPUBackend())
        _ = try cpu.render(file, model: "golden", to: out + "/cpu")
        for report in reports {
            let name = report.image!
            #expect(try PNGImage(path: out + "/auto/" + name) == PNGImage(path: out + "/cpu/" + name))
        }
    }

    @Test func withoutFallbackTheBackendErrorEndsTheRun() throws {
        let file = try WeightFiles.open(Fixtures.root.appendingPathComponent("golden/golden.safetensors").path)
        var run = AtlasRun(options: RenderOptions(), backend: LostDevice())
        #expect(throws: AtlasError.self) { try run.inspect(file) }
    }
}
