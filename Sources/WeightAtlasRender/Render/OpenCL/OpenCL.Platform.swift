import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// An OpenCL platform (an installed driver: PoCL, NVIDIA, ROCm, Intel…).
    public struct Platform: @unchecked Sendable {
        /// The platform id; platform ids are never released.
        let raw: cl_platform_id
        /// CL_PLATFORM_NAME.
        public let name: String
        /// CL_PLATFORM_VENDOR.
        public let vendor: String
        /// CL_PLATFORM_VERSION, e.g. "OpenCL 3.0 PoCL 6.0".
        public let version: String

        /// Reads the platform's name, vendor and version with `clGetPlatformInfo`.
        init(raw: cl_platform_id) throws(BackendError) {
            self.raw = raw
            name = try Self.info(raw, CL_PLATFORM_NAME)
            vendor = try Self.info(raw, CL_PLATFORM_VENDOR)
            version = try Self.info(raw, CL_PLATFORM_VERSION)
        }

        /// Every installed platform, from `clGetPlatformIDs`; empty when the ICD loader
        /// finds none (CL_PLATFORM_NOT_FOUND_KHR).
        /// - Throws: `BackendError` when the loader fails otherwise.
        public static func all() throws(BackendError) -> [Platform] {
            var count: cl_uint = 0
            let status = clGetPlatformIDs(0, nil, &count)
            if status == -1001 || (status == CL_SUCCESS && count == 0) { return [] }
            try check(status, "clGetPlatformIDs")
            var ids = [cl_platform_id?](repeating: nil, count: Int(count))
            try check(clGetPlatformIDs(count, &ids, nil), "clGetPlatformIDs")
            var platforms: [Platform] = []
            for id in ids.compactMap({ $0 }) { platforms.append(try Platform(raw: id)) }
            return platforms
        }

        /// The platform's devices of every type, from `clGetDeviceIDs`; empty when it has
        /// none (CL_DEVICE_NOT_FOUND). `firstIndex` numbers them in the flat device list.
        /// - Throws: `BackendError` when a device query fails.
        public func devices(firstIndex: Int = 0) throws(BackendError) -> [Device] {
            var count: cl_uint = 0
            let all = cl_device_type(CL_DEVICE_TYPE_ALL)
            let status = clGetDeviceIDs(raw, all, 0, nil, &count)
            if status == CL_DEVICE_NOT_FOUND || (status == CL_SUCCESS && count == 0) { return [] }
            try check(status, "clGetDeviceIDs")
            var ids = [cl_device_id?](repeating: nil, count: Int(count))
            try check(clGetDeviceIDs(raw, all, count, &ids, nil), "clGetDeviceIDs")
            var devices: [Device] = []
            for id in ids.compactMap({ $0 }) {
                devices.append(try Device(raw: id, index: firstIndex + devices.count, platform: self))
            }
            return devices
        }

        /// A string info value from `clGetPlatformInfo`.
        static func info(_ raw: cl_platform_id, _ param: Int32) throws(BackendError) -> String {
            try infoString("clGetPlatformInfo") { clGetPlatformInfo(raw, cl_platform_info(param), $0, $1, $2) }
        }
    }
}
