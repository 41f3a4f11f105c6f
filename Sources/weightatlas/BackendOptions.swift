import WeightAtlas

/// `--backend`, `--device` and `--kernels-dir`: which backend does the per-value work.
enum BackendOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "--backend", placeholder: "auto|cpu|opencl",
                   help: "auto (default): a working OpenCL GPU, else the CPU; opencl: demand OpenCL (exit 5 if unusable)"),
        OptionSpec(name: "--device", placeholder: "N", help: "OpenCL device index from `weightatlas devices`"),
        OptionSpec(name: "--kernels-dir", placeholder: "DIR", help: "load reduce.cl, rescale.cl, tile.cl from DIR instead of the built-in copies"),
    ]

    /// The backend the arguments ask for, and the CPU fallback when `auto` picked OpenCL.
    static func make(_ arguments: Arguments, warn: (String) -> Void) throws(UsageError) -> BackendResult {
        let choice = try arguments.choice("--backend", BackendChoice.self) ?? .auto
        let device = try arguments.integer("--device", in: 0...1000)
        if choice == .cpu && device != nil { throw UsageError(message: "--device needs --backend opencl or auto") }
        do {
            switch try BackendSelection.select(choice, deviceIndex: device, kernelsDirectory: arguments.value("--kernels-dir")) {
            case .openCL(let backend):
                return BackendResult(backend: backend, fallback: choice == .auto ? CPUBackend() : nil)
            case .cpu(let backend, let reason):
                if let reason, choice == .auto, device != nil || arguments.value("--kernels-dir") != nil { warn(reason) }
                return BackendResult(backend: backend, fallback: nil)
            }
        } catch {
            return BackendResult(failure: error)
        }
    }
}

/// A chosen backend, or why OpenCL was demanded and could not be had.
struct BackendResult {
    var backend: (any RenderBackend)?
    var fallback: (any RenderBackend)?
    var failure: BackendError?

    init(backend: any RenderBackend, fallback: (any RenderBackend)?) {
        self.backend = backend
        self.fallback = fallback
    }

    init(failure: BackendError) { self.failure = failure }
}
