import Foundation

/// What the `weightatlas devices` command shows: every OpenCL platform and device, and
/// which device `--backend auto` would pick and why.
public struct OpenCLDeviceListing: Sendable, CustomStringConvertible {
    /// One platform and its devices.
    public struct PlatformEntry: Sendable {
        /// CL_PLATFORM_NAME.
        public var name: String
        /// CL_PLATFORM_VENDOR.
        public var vendor: String
        /// CL_PLATFORM_VERSION.
        public var version: String
        /// Its devices, numbered in the flat list.
        public var devices: [OpenCL.Device]
    }

    /// The platforms, in `clGetPlatformIDs` order.
    public var platforms: [PlatformEntry]
    /// Index (in the flat device list) of the device `auto` picks; nil means the CPU backend.
    public var autoPick: Int?
    /// One line: why that device, or why the CPU backend.
    public var autoReason: String
    /// Why the platforms could not be listed, if they could not.
    public var error: String?

    /// Every device of every platform, in `--device N` order.
    public var devices: [OpenCL.Device] { platforms.flatMap(\.devices) }

    /// Lists platforms and devices (`clGetPlatformIDs`, `clGetDeviceIDs`, `clGet*Info`) and
    /// decides what `auto` would pick, building the kernels on its candidates to be sure.
    public static func current(kernelsDirectory: String? = nil) -> OpenCLDeviceListing {
        var entries: [PlatformEntry] = []
        do {
            for platform in try OpenCL.Platform.all() {
                let devices = try platform.devices(firstIndex: entries.reduce(0) { $0 + $1.devices.count })
                entries.append(PlatformEntry(name: platform.name, vendor: platform.vendor,
                                             version: platform.version, devices: devices))
            }
        } catch {
            return OpenCLDeviceListing(platforms: entries, autoPick: nil,
                                       autoReason: "cpu backend: OpenCL unavailable", error: error.message)
        }
        let all = entries.flatMap(\.devices)
        let pick = BackendSelection.autoPick(devices: all, deviceIndex: nil, kernelsDirectory: kernelsDirectory)
        let index = pick.backend?.device.index
        return OpenCLDeviceListing(platforms: entries, autoPick: index,
                                   autoReason: index == nil ? "cpu backend: \(pick.reason)" : pick.reason)
    }

    /// A human-readable listing, one line per platform and per device, then the auto pick.
    public var description: String {
        var lines: [String] = []
        if let error { lines.append("OpenCL error: \(error)") }
        if platforms.isEmpty { lines.append("no OpenCL platform") }
        for platform in platforms {
            lines.append("platform \(platform.name) — \(platform.vendor), \(platform.version)")
            if platform.devices.isEmpty { lines.append("  (no devices)") }
            for d in platform.devices {
                let memory = String(format: "%.1f GiB", Double(d.globalMemory) / 1_073_741_824)
                lines.append("  [\(d.index)] \(d.name) — \(d.kind.rawValue), \(d.vendor), \(d.version), "
                             + "\(d.computeUnits) compute units, \(memory)")
            }
        }
        lines.append("auto: " + (autoPick.map { "device \($0) — " } ?? "") + autoReason)
        return lines.joined(separator: "\n")
    }
}
