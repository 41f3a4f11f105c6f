import COpenCL
import WeightAtlasTensor

extension OpenCL {
    /// One OpenCL device with the facts a user chooses by, numbered in the flat list of
    /// the devices of all platforms (`--device N`).
    public struct Device: @unchecked Sendable, CustomStringConvertible {
        /// What kind of processor a device is (CL_DEVICE_TYPE).
        public enum Kind: String, Sendable {
            /// CL_DEVICE_TYPE_CPU (e.g. PoCL's pthread device).
            case cpu
            /// CL_DEVICE_TYPE_GPU.
            case gpu
            /// CL_DEVICE_TYPE_ACCELERATOR.
            case accelerator
            /// Any other type (CL_DEVICE_TYPE_CUSTOM, default).
            case other
        }

        /// The device id; root device ids are never released.
        let raw: cl_device_id
        /// Position in the flat list of all devices of all platforms.
        public let index: Int
        /// Name of the platform the device belongs to.
        public let platformName: String
        /// CL_DEVICE_NAME.
        public let name: String
        /// CL_DEVICE_TYPE.
        public let kind: Kind
        /// CL_DEVICE_VENDOR.
        public let vendor: String
        /// CL_DEVICE_VERSION, e.g. "OpenCL 3.0 CUDA".
        public let version: String
        /// CL_DRIVER_VERSION.
        public let driverVersion: String
        /// CL_DEVICE_MAX_COMPUTE_UNITS.
        public let computeUnits: Int
        /// CL_DEVICE_GLOBAL_MEM_SIZE in bytes.
        public let globalMemory: UInt64
        /// CL_DEVICE_MAX_MEM_ALLOC_SIZE in bytes.
        public let maxAllocation: UInt64
        /// CL_DEVICE_MAX_WORK_GROUP_SIZE.
        public let maxWorkGroupSize: Int

        /// Reads the device's facts with `clGetDeviceInfo`.
        init(raw: cl_device_id, index: Int, platform: Platform) throws(BackendError) {
            self.raw = raw
            self.index = index
            platformName = platform.name
            name = try Self.string(raw, CL_DEVICE_NAME)
            vendor = try Self.string(raw, CL_DEVICE_VENDOR)
            version = try Self.string(raw, CL_DEVICE_VERSION)
            driverVersion = try Self.string(raw, CL_DRIVER_VERSION)
            let type = try Self.value(raw, CL_DEVICE_TYPE, as: cl_device_type.self)
            kind = if type & cl_device_type(CL_DEVICE_TYPE_GPU) != 0 { .gpu }
                else if type & cl_device_type(CL_DEVICE_TYPE_ACCELERATOR) != 0 { .accelerator }
                else if type & cl_device_type(CL_DEVICE_TYPE_CPU) != 0 { .cpu }
                else { .other }
            computeUnits = Int(try Self.value(raw, CL_DEVICE_MAX_COMPUTE_UNITS, as: cl_uint.self))
            globalMemory = try Self.value(raw, CL_DEVICE_GLOBAL_MEM_SIZE, as: cl_ulong.self)
            maxAllocation = try Self.value(raw, CL_DEVICE_MAX_MEM_ALLOC_SIZE, as: cl_ulong.self)
            maxWorkGroupSize = try Self.value(raw, CL_DEVICE_MAX_WORK_GROUP_SIZE, as: Int.self)
        }

        /// Every device of every platform, numbered in order.
        /// - Throws: `BackendError` when a platform or device query fails.
        public static func all() throws(BackendError) -> [Device] {
            var devices: [Device] = []
            for platform in try Platform.all() {
                devices += try platform.devices(firstIndex: devices.count)
            }
            return devices
        }

        /// True for the kinds `--backend auto` may pick: GPUs and accelerators.
        public var isGPUOrAccelerator: Bool { kind == .gpu || kind == .accelerator }

        /// "#0 NVIDIA H100 (gpu, NVIDIA Corporation)".
        public var description: String { "#\(index) \(name) (\(kind.rawValue), \(vendor))" }

        /// A string info value from `clGetDeviceInfo`.
        static func string(_ raw: cl_device_id, _ param: Int32) throws(BackendError) -> String {
            try infoString("clGetDeviceInfo") { clGetDeviceInfo(raw, cl_device_info(param), $0, $1, $2) }
        }

        /// A fixed-size info value from `clGetDeviceInfo`.
        static func value<T: BitwiseCopyable>(_ raw: cl_device_id, _ param: Int32, as: T.Type) throws(BackendError) -> T {
            try infoValue("clGetDeviceInfo", as: T.self) { clGetDeviceInfo(raw, cl_device_info(param), $0, $1, $2) }
        }
    }
}
