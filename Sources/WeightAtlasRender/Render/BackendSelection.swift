import WeightAtlasTensor

/// The backend a run renders with, and why the CPU was chosen when OpenCL was not.
public enum BackendSelection: Sendable {
    /// OpenCL on a device whose kernels built.
    case openCL(OpenCLBackend)
    /// The CPU backend; `reason` says in one line why OpenCL was not used (nil when the
    /// CPU was asked for).
    case cpu(CPUBackend, reason: String?)

    /// The selected backend.
    public var backend: any RenderBackend {
        switch self {
        case .openCL(let backend): backend
        case .cpu(let backend, _): backend
        }
    }

    /// Chooses a backend.
    ///
    /// - `cpu`: the CPU backend.
    /// - `opencl`: device `deviceIndex` of the flat list of all devices of all platforms
    ///   (`OpenCL.Device.all()`), by default the first GPU or accelerator, else the first
    ///   device of any type (PoCL's CPU device included).
    /// - `auto`: the first GPU or accelerator whose kernels build (an OpenCL CPU device is
    ///   slower than the native CPU backend and is never picked), or the device named by
    ///   `deviceIndex` whatever its type; the CPU backend with a one-line reason otherwise.
    /// - Throws: `BackendError` only for `opencl`: no such device, or its kernels do not build.
    public static func select(_ choice: BackendChoice, deviceIndex: Int? = nil,
                              kernelsDirectory: String? = nil) throws(BackendError) -> BackendSelection {
        switch choice {
        case .cpu:
            return .cpu(CPUBackend(), reason: nil)
        case .opencl:
            let device = try demandedDevice(index: deviceIndex)
            return .openCL(try OpenCLBackend(device: device, kernelsDirectory: kernelsDirectory))
        case .auto:
            let devices: [OpenCL.Device]
            do {
                devices = try OpenCL.Device.all()
            } catch {
                return .cpu(CPUBackend(), reason: "OpenCL unavailable (\(error.message))")
            }
            let pick = autoPick(devices: devices, deviceIndex: deviceIndex, kernelsDirectory: kernelsDirectory)
            if let backend = pick.backend { return .openCL(backend) }
            return .cpu(CPUBackend(), reason: pick.reason)
        }
    }

    /// The device `--backend opencl` uses.
    /// - Throws: `BackendError` when there is no device, or no device `index`.
    static func demandedDevice(index: Int?) throws(BackendError) -> OpenCL.Device {
        let devices = try OpenCL.Device.all()
        guard !devices.isEmpty else {
            throw BackendError(backend: "opencl", message: "no OpenCL device found (no platform, or no device on any platform)")
        }
        if let index {
            guard devices.indices.contains(index) else {
                throw BackendError(backend: "opencl", message: "no OpenCL device #\(index): \(devices.count) device(s), numbered 0..<\(devices.count)")
            }
            return devices[index]
        }
        return devices.first(where: \.isGPUOrAccelerator) ?? devices[0]
    }

    /// What `auto` picks among `devices`: a backend, and a one-line reason for the pick or
    /// for falling back to the CPU.
    static func autoPick(devices: [OpenCL.Device], deviceIndex: Int?,
                         kernelsDirectory: String?) -> (backend: OpenCLBackend?, reason: String) {
        if let deviceIndex {
            guard devices.indices.contains(deviceIndex) else {
                return (nil, "no OpenCL device #\(deviceIndex) (\(devices.count) device(s))")
            }
            return tryDevice(devices[deviceIndex], kernelsDirectory: kernelsDirectory, why: "named by --device")
        }
        let candidates = devices.filter(\.isGPUOrAccelerator)
        guard !candidates.isEmpty else {
            if devices.isEmpty { return (nil, "no OpenCL device found") }
            let names = devices.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
            return (nil, "no OpenCL GPU or accelerator (only \(names); the native CPU backend is faster)")
        }
        var failures: [String] = []
        for device in candidates {
            let attempt = tryDevice(device, kernelsDirectory: kernelsDirectory, why: "first \(device.kind.rawValue) whose kernels build")
            if attempt.backend != nil { return attempt }
            failures.append(attempt.reason)
        }
        return (nil, failures.joined(separator: "; "))
    }

    private static func tryDevice(_ device: OpenCL.Device, kernelsDirectory: String?,
                                  why: String) -> (backend: OpenCLBackend?, reason: String) {
        do {
            return (try OpenCLBackend(device: device, kernelsDirectory: kernelsDirectory), "device #\(device.index) \(device.name): \(why)")
        } catch {
            return (nil, "OpenCL device #\(device.index) \(device.name) unusable: \(error.message)")
        }
    }
}
