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

    /// As every reader lists a tensor it cannot read.
    public var skipped: SkippedTensor { SkippedTensor(name: name, type: type.name, shape: shape) }
}
