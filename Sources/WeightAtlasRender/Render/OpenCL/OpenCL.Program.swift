import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// A program built from OpenCL C source for one device; released with `clReleaseProgram`.
    final class Program {
        /// The owned handle.
        let raw: cl_program
        /// The source file name, for messages ("reduce.cl").
        let name: String

        /// Creates the program from `source` with `clCreateProgramWithSource`.
        private init(context: Context, source: String, name: String) throws(BackendError) {
            var status: cl_int = CL_SUCCESS
            let raw: cl_program? = source.withCString { text in
                var strings: [UnsafePointer<CChar>?] = [text]
                var length = source.utf8.count
                return clCreateProgramWithSource(context.raw, 1, &strings, &length, &status)
            }
            try check(status, "clCreateProgramWithSource")
            guard let raw else { throw error("clCreateProgramWithSource", CL_INVALID_PROGRAM) }
            self.raw = raw
            self.name = name
        }

        deinit { clReleaseProgram(raw) }

        /// Creates and builds a program for the context's device (`clBuildProgram`).
        /// - Throws: `BackendError` whose `buildLog` holds the device's build log
        ///   (`clGetProgramBuildInfo(CL_PROGRAM_BUILD_LOG)`) when the build fails.
        static func build(context: Context, source: String, name: String, options: String = "") throws(BackendError) -> Program {
            let program = try Program(context: context, source: source, name: name)
            var device: cl_device_id? = context.device.raw
            let status = clBuildProgram(program.raw, 1, &device, options, nil, nil)
            guard status == CL_SUCCESS else {
                let log = (try? program.buildLog(device: context.device)) ?? ""
                throw BackendError(
                    backend: "opencl",
                    message: "clBuildProgram(\(name)) on \(context.device.name): \(statusName(status)) (\(status))",
                    buildLog: log.isEmpty ? "(the device returned an empty build log)" : log)
            }
            return program
        }

        /// The device's build log (`clGetProgramBuildInfo`, CL_PROGRAM_BUILD_LOG).
        /// - Throws: `BackendError` naming clGetProgramBuildInfo and its status.
        func buildLog(device: Device) throws(BackendError) -> String {
            try infoString("clGetProgramBuildInfo") {
                clGetProgramBuildInfo(raw, device.raw, cl_program_build_info(CL_PROGRAM_BUILD_LOG), $0, $1, $2)
            }
        }
    }
}
