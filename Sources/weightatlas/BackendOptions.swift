import WeightAtlas

/// `--backend`, `--device` and `--kernels-dir`: which backend does the per-value work.
struct BackendOptions {
    static let backend = Option<BackendChoice>(
        "--backend", placeholder: "auto|cpu|opencl",
        help: "auto (default): a working OpenCL GPU, else the CPU; opencl: demand OpenCL (exit 5 if unusable)", .choice, default: .auto)
    static let device = Option<Int?>("--device", placeholder: "N", help: "OpenCL device index from `weightatlas devices`",
                                     .integer(in: 0...1000))
    static let kernelsDirectory = Option<String?>(
        "--kernels-dir", placeholder: "DIR", help: "load reduce.cl, rescale.cl, tile.cl from DIR instead of the built-in copies", .text)

    /// The declarations, in the help's order.
    static let specs = [backend.spec, device.spec, kernelsDirectory.spec]

    var choice: BackendChoice
    var device: Int?
    var kernelsDirectory: String?

    /// The backend options given in `arguments`.
    /// - Throws: `UsageError` for a bad value, or `--device` with `--backend cpu`.
    init(_ arguments: Arguments) throws(UsageError) {
        choice = try arguments.value(Self.backend)
        device = try arguments.value(Self.device)
        if choice == .cpu && device != nil { throw UsageError(message: "--device needs --backend opencl or auto") }
        kernelsDirectory = try arguments.value(Self.kernelsDirectory)
    }

    /// The backend asked for, and the CPU fallback when `auto` picked OpenCL. When the CPU is
    /// used although a device or kernels were named, a warning says why.
    /// - Throws: `AtlasError.backend` when demanded OpenCL fails (exit 5).
    func select() throws(AtlasError) -> (backend: any RenderBackend, fallback: (any RenderBackend)?) {
        do throws(BackendError) {
            switch try BackendSelection.select(choice, deviceIndex: device, kernelsDirectory: kernelsDirectory) {
            case .openCL(let backend):
                return (backend, choice == .auto ? CPUBackend() : nil)
            case .cpu(let backend, let reason):
                if let reason, device != nil || kernelsDirectory != nil { Terminal.warning(reason) }
                return (backend, nil)
            }
        } catch {
            throw AtlasError.backend(error)
        }
    }
}
