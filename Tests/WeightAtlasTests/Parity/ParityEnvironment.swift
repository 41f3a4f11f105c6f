import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Where the parity suite runs: the OpenCL device `--backend opencl` would demand (on CI,
/// PoCL's CPU device). Without a device the suite is skipped, except on CI (CI=true),
/// where it runs and fails with a message saying why.
enum ParityEnvironment {
    /// True when the environment says it is CI.
    static let isCI: Bool = {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return value == "true" || value == "1"
    }()

    /// True when at least one OpenCL device is listed.
    static let hasDevice: Bool = ((try? OpenCL.Device.all()) ?? []).isEmpty == false

    /// Whether the parity tests run: a device exists, or CI demands that they do.
    static var shouldRun: Bool { hasDevice || isCI }

    /// The shared backend (kernels built once for the whole suite).
    static let shared: Result<OpenCLBackend, BackendError> = Result { () throws(BackendError) in
        guard case .openCL(let backend) = try BackendSelection.select(.opencl) else {
            throw BackendError(backend: "opencl", message: "selection did not return OpenCL")
        }
        return backend
    }

    /// The shared device again, with the GPU's kernel shapes (a work-item per value, a
    /// work-group per segment) whatever the device, so CI's CPU device tests them too.
    static let gpuShaped: Result<OpenCLBackend, BackendError> = Result { () throws(BackendError) in
        try OpenCLBackend(device: try backend().device, shapes: .gpu)
    }

    /// The backend and the GPU-shaped one: what every comparison runs on.
    static func backends() throws(BackendError) -> [OpenCLBackend] {
        [try backend(), try gpuShaped.get()]
    }

    /// The backend, or an error explaining why there is none (on CI without a device, that
    /// CI demands the parity suite).
    static func backend() throws(BackendError) -> OpenCLBackend {
        switch shared {
        case .success(let backend):
            return backend
        case .failure(let error):
            guard isCI && !hasDevice else { throw error }
            throw BackendError(backend: "opencl", message: "CI=true but no OpenCL device is available, so the "
                               + "parity suite cannot run (install PoCL, e.g. pocl-opencl-icd): \(error.message)")
        }
    }
}
