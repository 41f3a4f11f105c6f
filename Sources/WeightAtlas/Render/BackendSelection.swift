// Interim CPU-only selection until the OpenCL branch lands; replaced by it.
public enum BackendChoice: String, Sendable, CaseIterable { case auto, cpu, opencl }
public enum BackendSelection {
    public enum Selection { case openCL(CPUBackend), cpu(CPUBackend, reason: String?) }
    public static func select(_ choice: BackendChoice, device: Int?, kernelsDirectory: String?) throws(BackendError) -> Selection {
        if choice == .opencl { throw BackendError(backend: "opencl", message: "not built yet") }
        return .cpu(CPUBackend(), reason: nil)
    }
}
