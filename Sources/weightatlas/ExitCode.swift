import WeightAtlas

/// The process exit codes (DESIGN.md).
enum ExitCode: Int32 {
    case done = 0
    case checksFailed = 1
    case usage = 2
    case badInput = 3
    case cannotWrite = 4
    case openCLFailed = 5
    // 130 (SIGINT) and 143 (SIGTERM) come from SignalCleanup, which exits directly.

    /// The exit code for an atlas error.
    init(_ error: AtlasError) {
        switch error {
        case .format: self = .badInput
        case .backend: self = .openCLFailed
        case .output: self = .cannotWrite
        }
    }
}
