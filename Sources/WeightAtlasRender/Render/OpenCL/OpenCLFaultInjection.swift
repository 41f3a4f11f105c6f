import COpenCL
import Foundation
import WeightAtlasTensor

/// A test hook: `WEIGHTATLAS_INJECT_OPENCL_FAULT` makes `OpenCLBackend` fail as a broken
/// device would, so the fallback to the CPU (`--backend auto`) and exit 5
/// (`--backend opencl`) can be tested on any OpenCL implementation. Read once per process.
///
/// - `build`: the kernel build fails (`CL_BUILD_PROGRAM_FAILURE`, with a build log).
/// - `resources`: every kernel launch fails with `CL_OUT_OF_RESOURCES`.
/// - `lost`: every kernel launch fails with `CL_DEVICE_NOT_AVAILABLE` (the device is gone).
///
/// Not for production use: unset, or any other value, injects nothing.
enum OpenCLFaultInjection: String, Sendable {
    case build, resources, lost

    /// The fault named by the environment, if any.
    static let current: OpenCLFaultInjection? =
        ProcessInfo.processInfo.environment["WEIGHTATLAS_INJECT_OPENCL_FAULT"].flatMap(OpenCLFaultInjection.init(rawValue:))

    /// Throws the injected build failure (`build`).
    static func checkBuild() throws(BackendError) {
        guard current == .build else { return }
        throw BackendError(backend: "opencl", message: "clBuildProgram failed: CL_BUILD_PROGRAM_FAILURE (injected by WEIGHTATLAS_INJECT_OPENCL_FAULT)",
                           buildLog: "error: injected build failure", call: "clBuildProgram", status: CL_BUILD_PROGRAM_FAILURE)
    }

    /// Throws the injected launch failure (`resources`, `lost`) for `call`.
    static func checkLaunch(_ call: String) throws(BackendError) {
        switch current {
        case .resources:
            throw BackendError(backend: "opencl", message: "\(call) failed: CL_OUT_OF_RESOURCES (injected by WEIGHTATLAS_INJECT_OPENCL_FAULT)",
                               call: call, status: CL_OUT_OF_RESOURCES)
        case .lost:
            throw BackendError(backend: "opencl", message: "\(call) failed: CL_DEVICE_NOT_AVAILABLE (injected by WEIGHTATLAS_INJECT_OPENCL_FAULT)",
                               call: call, status: CL_DEVICE_NOT_AVAILABLE)
        default:
            return
        }
    }
}
