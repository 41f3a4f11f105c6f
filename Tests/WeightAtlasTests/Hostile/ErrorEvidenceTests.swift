#if canImport(Glibc)
import Glibc
#endif
import COpenCL
import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Errors carry their evidence, not only a sentence: the `errno` of a failed system call and
/// the OpenCL call with its `cl_int` status.
@Suite struct ErrorEvidenceTests {
    @Test func outputErrorsKeepErrno() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        #expect(FileManager.default.createFile(atPath: folder + "/file", contents: Data()))
        let error = #expect(throws: OutputError.self) { try AtomicFile.write([1, 2, 3], to: folder + "/file/x.json") }
        #expect(error?.errno == ENOTDIR, "\(String(describing: error))")
        #expect(error?.message == String(cString: strerror(ENOTDIR)))
    }

    @Test(.enabled(if: ParityEnvironment.shouldRun)) func backendErrorsKeepTheCallAndStatus() throws {
        let device = try ParityEnvironment.backend().device
        let context = try OpenCL.Context(device: device)
        // Read-only and write-only at once is CL_INVALID_VALUE by the specification.
        let error = #expect(throws: BackendError.self) {
            _ = try OpenCL.Buffer(context: context, size: 64, flags: Int32(CL_MEM_READ_ONLY | CL_MEM_WRITE_ONLY))
        }
        #expect(error?.call == "clCreateBuffer" && error?.status == CL_INVALID_VALUE, "\(String(describing: error))")
        #expect(error?.message.contains("CL_INVALID_VALUE") == true)
    }
}
