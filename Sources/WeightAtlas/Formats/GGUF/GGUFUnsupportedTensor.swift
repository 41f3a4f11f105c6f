/// A tensor of a GGUF file whose type this reader cannot dequantise (IQ*, TQ*, MXFP4, ...):
/// listed and validated like the others, but kept out of `tensors`.
public struct GGUFUnsupportedTensor: Sendable, Equatable {
    /// The tensor's name.
    public var name: String
    /// Its ggml type.
    public var type: GGMLType
    /// Shape in row-major order, outermost first.
    public var shape: [Int]
    /// Its bytes in the file.
    public var byteRange: Range<Int>

    /// The type as listings show it: `"IQ2_XXS (unsupported)"`.
    public var typeLabel: String { "\(type.name) (unsupported)" }
}
