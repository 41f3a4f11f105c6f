import COpenCL
import Foundation
import WeightAtlasTensor

/// Thin, owning wrappers of the OpenCL 1.2 C API: each C call is wrapped once here,
/// its status checked and turned into a `BackendError` that names the call and the code.
///
/// Render/OpenCL holds: `OpenCL.*` (platform and device listing; owning handles `Context`,
/// `CommandQueue` with profiling, `Program` whose failed build throws the build log,
/// `Kernel` with typed arguments, `Buffer`, `Event`), `OpenCLEngine` (kernels, reused
/// buffers, the enqueued stages), `OpenCLBackend` (the public `RenderBackend`, a lock around
/// the engine), `KernelSources` (embedded or override directory) and `OpenCLDeviceListing`.
/// When a kernel's arguments change, update its header comment in Kernels/, the argument
/// setting in OpenCLEngine+Reduce/+Render/+Dequantize, and run `swift test --filter Parity`.
public enum OpenCL {
    /// Throws a `BackendError` naming `call` and `status` unless `status` is `CL_SUCCESS`.
    static func check(_ status: cl_int, _ call: StaticString) throws(BackendError) {
        guard status != CL_SUCCESS else { return }
        throw error(call, status)
    }

    /// The error for `call` failing with `status`, e.g.
    /// "clEnqueueNDRangeKernel: CL_OUT_OF_RESOURCES (-5)".
    static func error(_ call: StaticString, _ status: cl_int) -> BackendError {
        BackendError(backend: "opencl", message: "\(call): \(statusName(status)) (\(status))", call: "\(call)", status: status)
    }

    /// Reads a variable-length info value with the usual two-call protocol
    /// (size query, then value) of the `clGet*Info` functions.
    static func infoBytes(
        _ call: StaticString,
        _ get: (Int, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?) -> cl_int
    ) throws(BackendError) -> [UInt8] {
        var size = 0
        try check(get(0, nil, &size), call)
        var bytes = [UInt8](repeating: 0, count: size)
        let status = bytes.withUnsafeMutableBytes { get(size, $0.baseAddress, nil) }
        try check(status, call)
        return bytes
    }

    /// A NUL-terminated info string.
    static func infoString(
        _ call: StaticString,
        _ get: (Int, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?) -> cl_int
    ) throws(BackendError) -> String {
        var bytes = try infoBytes(call, get)
        while bytes.last == 0 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A fixed-size info value of type `T`.
    static func infoValue<T: BitwiseCopyable>(
        _ call: StaticString, as type: T.Type,
        _ get: (Int, UnsafeMutableRawPointer?, UnsafeMutablePointer<Int>?) -> cl_int
    ) throws(BackendError) -> T {
        let bytes = try infoBytes(call, get)
        guard bytes.count >= MemoryLayout<T>.size else {
            throw BackendError(backend: "opencl", message: "\(call): returned \(bytes.count) bytes, expected \(MemoryLayout<T>.size)")
        }
        return bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) }
    }
}
