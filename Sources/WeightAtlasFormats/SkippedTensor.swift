/// A tensor a reader lists but cannot turn into values (GGUF's IQ*/TQ* block types, ONNX's
/// complex and 4-bit types): the rest of the file opens, and listings name it as not read.
public struct SkippedTensor: Sendable, Equatable {
    /// The tensor's name.
    public var name: String
    /// Its type as the format names it (`IQ2_XXS`, `COMPLEX64`).
    public var type: String
    /// Shape, outermost first.
    public var shape: [Int]

    /// The type as listings show it: `"IQ2_XXS (unsupported)"`.
    public var typeLabel: String { "\(type) (unsupported)" }

    /// A skipped tensor.
    public init(name: String, type: String, shape: [Int]) {
        self.name = name
        self.type = type
        self.shape = shape
    }
}

extension WeightFile {
    /// No tensor skipped: the default for readers that read every tensor they list.
    public var skipped: [SkippedTensor] { [] }
}
