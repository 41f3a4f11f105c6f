import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// A kernel of a built program; released with `clReleaseKernel`.
    final class Kernel {
        /// The owned handle.
        let raw: cl_kernel
        /// The kernel function's name.
        let name: String

        /// Looks up kernel `name` in `program` with `clCreateKernel`.
        /// - Throws: `BackendError` naming clCreateKernel and its status (e.g. CL_INVALID_KERNEL_NAME).
        init(program: Program, name: String) throws(BackendError) {
            var status: cl_int = CL_SUCCESS
            let raw = clCreateKernel(program.raw, name, &status)
            guard status == CL_SUCCESS, let raw else {
                throw BackendError(backend: "opencl",
                                   message: "clCreateKernel(\(name) in \(program.name)): \(statusName(status)) (\(status))")
            }
            self.raw = raw
            self.name = name
        }

        deinit { clReleaseKernel(raw) }

        /// Sets argument `index` to a scalar or struct `value` (`clSetKernelArg`); the Swift
        /// type must have the size and layout of the kernel's parameter type.
        /// - Throws: `BackendError` naming clSetKernelArg and its status.
        func set<T: BitwiseCopyable>(_ index: Int, _ value: T) throws(BackendError) {
            var copy = value
            try check(clSetKernelArg(raw, cl_uint(index), MemoryLayout<T>.size, &copy), "clSetKernelArg")
        }

        /// Sets argument `index` to a buffer (`clSetKernelArg` with a cl_mem).
        /// - Throws: `BackendError` naming clSetKernelArg and its status.
        func set(_ index: Int, _ buffer: Buffer) throws(BackendError) {
            var mem: cl_mem? = buffer.raw
            try check(clSetKernelArg(raw, cl_uint(index), MemoryLayout<cl_mem>.size, &mem), "clSetKernelArg")
        }

        /// Sets `__local` argument `index` to `bytes` of local memory (`clSetKernelArg`, NULL value).
        /// - Throws: `BackendError` naming clSetKernelArg and its status.
        func setLocal(_ index: Int, bytes: Int) throws(BackendError) {
            try check(clSetKernelArg(raw, cl_uint(index), bytes, nil), "clSetKernelArg")
        }

        /// The largest work-group this kernel can run with on `device`
        /// (`clGetKernelWorkGroupInfo`, CL_KERNEL_WORK_GROUP_SIZE).
        /// - Throws: `BackendError` naming clGetKernelWorkGroupInfo and its status.
        func maxWorkGroupSize(on device: Device) throws(BackendError) -> Int {
            var size = 0
            let status = clGetKernelWorkGroupInfo(raw, device.raw, cl_kernel_work_group_info(CL_KERNEL_WORK_GROUP_SIZE),
                                                  MemoryLayout<Int>.size, &size, nil)
            try check(status, "clGetKernelWorkGroupInfo")
            return size
        }
    }
}
