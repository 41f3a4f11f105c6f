/// The backend a user asks for (`--backend`).
public enum BackendChoice: String, Sendable, CaseIterable {
    /// OpenCL on a GPU or accelerator that builds the kernels, else the CPU (with a reason).
    case auto
    /// The CPU backend.
    case cpu
    /// OpenCL demanded: failure is an error, never a fallback.
    case opencl
}
