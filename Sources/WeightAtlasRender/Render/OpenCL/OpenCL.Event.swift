import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// A command's completion event; released with `clReleaseEvent`.
    final class Event {
        /// The owned handle.
        let raw: cl_event

        /// Takes ownership of `raw`.
        init(raw: cl_event) { self.raw = raw }

        deinit { clReleaseEvent(raw) }

        /// Seconds the command ran on the device (CL_PROFILING_COMMAND_END − _START, from
        /// `clGetEventProfilingInfo`); the command must have completed and its queue must
        /// have profiling enabled.
        /// - Throws: `BackendError` naming clGetEventProfilingInfo and its status.
        func seconds() throws(BackendError) -> Double {
            let start = try counter(CL_PROFILING_COMMAND_START)
            let end = try counter(CL_PROFILING_COMMAND_END)
            return end > start ? Double(end - start) / 1e9 : 0
        }

        /// One profiling counter in nanoseconds (`clGetEventProfilingInfo`).
        private func counter(_ param: Int32) throws(BackendError) -> cl_ulong {
            var value: cl_ulong = 0
            let status = clGetEventProfilingInfo(raw, cl_profiling_info(param), MemoryLayout<cl_ulong>.size, &value, nil)
            try check(status, "clGetEventProfilingInfo")
            return value
        }
    }
}
