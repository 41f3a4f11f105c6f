import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// An OpenCL context on one device; released with `clReleaseContext`.
    final class Context {
        /// The owned handle.
        let raw: cl_context
        /// The device the context was made for.
        let device: Device

        /// Creates a context for `device` with `clCreateContext`.
        /// - Throws: `BackendError` naming clCreateContext and its status.
        init(device: Device) throws(BackendError) {
            var status: cl_int = CL_SUCCESS
            var id: cl_device_id? = device.raw
            let raw = clCreateContext(nil, 1, &id, nil, nil, &status)
            try check(status, "clCreateContext")
            guard let raw else { throw error("clCreateContext", CL_INVALID_CONTEXT) }
            self.raw = raw
            self.device = device
        }

        deinit { clReleaseContext(raw) }
    }
}
