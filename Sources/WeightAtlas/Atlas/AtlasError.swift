import WeightAtlasEncode
import WeightAtlasFormats
import WeightAtlasTensor

/// Any failure of an atlas run, by the stage it comes from (the CLI maps each to an exit code).
public enum AtlasError: Error, CustomStringConvertible, Sendable {
    /// The input cannot be read (exit 3).
    case format(FormatError)
    /// A backend failed (exit 5 when OpenCL was demanded).
    case backend(BackendError)
    /// An output cannot be written (exit 4).
    case output(OutputError)

    /// The underlying error's message.
    public var description: String {
        switch self {
        case .format(let error): error.description
        case .backend(let error): error.description
        case .output(let error): error.description
        }
    }
}
