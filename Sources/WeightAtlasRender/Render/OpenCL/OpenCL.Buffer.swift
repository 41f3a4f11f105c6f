import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// A device memory buffer; released with `clReleaseMemObject`.
    final class Buffer {
        /// The owned handle.
        let raw: cl_mem
        /// Size in bytes.
        let size: Int

        /// Allocates `size` bytes (at least 1) with `clCreateBuffer` and the given access `flags`
        /// (CL_MEM_READ_ONLY, CL_MEM_WRITE_ONLY, CL_MEM_READ_WRITE).
        /// - Throws: `BackendError` naming clCreateBuffer and its status (e.g. CL_INVALID_BUFFER_SIZE).
        init(context: Context, size: Int, flags: Int32) throws(BackendError) {
            var status: cl_int = CL_SUCCESS
            let bytes = max(1, size)
            let raw = clCreateBuffer(context.raw, cl_mem_flags(flags), bytes, nil, &status)
            try check(status, "clCreateBuffer")
            guard let raw else { throw error("clCreateBuffer", CL_MEM_OBJECT_ALLOCATION_FAILURE) }
            self.raw = raw
            self.size = bytes
        }

        deinit { clReleaseMemObject(raw) }
    }

    /// A buffer that is reused across calls and replaced by a larger one when a call
    /// needs more room than it has (growing by half again, to avoid churn).
    final class ReusableBuffer {
        private let context: Context
        private let flags: Int32
        private var buffer: Buffer?

        /// A reusable buffer with access `flags`; nothing is allocated until `ensure`.
        init(context: Context, flags: Int32) {
            self.context = context
            self.flags = flags
        }

        /// A buffer of at least `size` bytes.
        /// - Throws: `BackendError` when the allocation fails.
        func ensure(_ size: Int) throws(BackendError) -> Buffer {
            if let buffer, buffer.size >= size { return buffer }
            buffer = nil  // release the old one before allocating the new one
            let grown = try Buffer(context: context, size: max(size, size + size / 2), flags: flags)
            buffer = grown
            return grown
        }
    }
}
