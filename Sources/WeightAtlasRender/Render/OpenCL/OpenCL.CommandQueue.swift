import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// An in-order command queue with profiling enabled; released with `clReleaseCommandQueue`.
    final class CommandQueue {
        /// The owned handle.
        let raw: cl_command_queue
        /// Bytes enqueued for copying between host and device so far (writes plus reads).
        private(set) var transferredBytes = 0

        /// Creates a queue on the context's device with `clCreateCommandQueue`
        /// (CL_QUEUE_PROFILING_ENABLE, so every event carries start and end times).
        /// - Throws: `BackendError` naming clCreateCommandQueue and its status.
        init(context: Context) throws(BackendError) {
            var status: cl_int = CL_SUCCESS
            let properties = cl_command_queue_properties(CL_QUEUE_PROFILING_ENABLE)
            let raw = clCreateCommandQueue(context.raw, context.device.raw, properties, &status)
            try check(status, "clCreateCommandQueue")
            guard let raw else { throw error("clCreateCommandQueue", CL_INVALID_COMMAND_QUEUE) }
            self.raw = raw
        }

        deinit { clReleaseCommandQueue(raw) }

        /// Enqueues a non-blocking copy of `bytes` into `buffer` at byte `offset`
        /// (`clEnqueueWriteBuffer`); `bytes` must stay valid until the queue is finished.
        /// - Throws: `BackendError` naming clEnqueueWriteBuffer and its status.
        func write(_ bytes: UnsafeRawBufferPointer, to buffer: Buffer, offset: Int = 0) throws(BackendError) -> Event {
            var event: cl_event?
            let status = clEnqueueWriteBuffer(raw, buffer.raw, cl_bool(CL_FALSE), offset, bytes.count,
                                              bytes.baseAddress, 0, nil, &event)
            transferredBytes += bytes.count
            return try wrap(status, event, "clEnqueueWriteBuffer")
        }

        /// Copies the first `bytes.count` bytes of `buffer` into `bytes`, blocking until done
        /// (`clEnqueueReadBuffer`); the in-order queue runs every earlier command first.
        /// - Throws: `BackendError` naming clEnqueueReadBuffer and its status.
        func read(_ buffer: Buffer, into bytes: UnsafeMutableRawBufferPointer) throws(BackendError) -> Event {
            var event: cl_event?
            let status = clEnqueueReadBuffer(raw, buffer.raw, cl_bool(CL_TRUE), 0, bytes.count,
                                             bytes.baseAddress, 0, nil, &event)
            transferredBytes += bytes.count
            return try wrap(status, event, "clEnqueueReadBuffer")
        }

        /// Enqueues `kernel` over `global` work-items in work-groups of `local` (nil: the
        /// implementation chooses) with `clEnqueueNDRangeKernel`.
        /// - Throws: `BackendError` naming clEnqueueNDRangeKernel and its status.
        func run(_ kernel: Kernel, global: [Int], local: [Int]? = nil) throws(BackendError) -> Event {
            var event: cl_event?
            let status = global.withUnsafeBufferPointer { g in
                if let local {
                    local.withUnsafeBufferPointer { l in
                        clEnqueueNDRangeKernel(raw, kernel.raw, cl_uint(g.count), nil, g.baseAddress, l.baseAddress, 0, nil, &event)
                    }
                } else {
                    clEnqueueNDRangeKernel(raw, kernel.raw, cl_uint(g.count), nil, g.baseAddress, nil, 0, nil, &event)
                }
            }
            return try wrap(status, event, "clEnqueueNDRangeKernel")
        }

        /// Blocks until every enqueued command has completed (`clFinish`).
        /// - Throws: `BackendError` naming clFinish and its status.
        func finish() throws(BackendError) {
            try check(clFinish(raw), "clFinish")
        }

        private func wrap(_ status: cl_int, _ event: cl_event?, _ call: StaticString) throws(BackendError) -> Event {
            try check(status, call)
            guard let event else { throw error(call, CL_INVALID_EVENT) }
            return Event(raw: event)
        }
    }
}
