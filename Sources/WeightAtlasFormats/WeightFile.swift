import WeightAtlasTensor

/// A weight file opened for reading: its tensors are described, nothing is read yet.
public protocol WeightFile: Sendable {
    /// Short name of the format ("safetensors", "npy", "npz").
    static var formatName: String { get }
    /// True when `prefix` (the first bytes of a file, up to 64) looks like this format.
    /// Decided by magic bytes, never by extension.
    static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool
    /// Opens and validates the file's structure.
    /// - Throws: `FormatError` naming what is wrong and where.
    init(file: MappedFile) throws(FormatError)
    /// The path the file was opened from.
    var path: String { get }
    /// Every tensor, in file order.
    var tensors: [TensorInfo] { get }
    /// Tensors the file holds but this reader cannot convert (not in `tensors`).
    var skipped: [SkippedTensor] { get }
    /// The raw bytes of `tensor` (zero-copy from the mapping where the format allows).
    /// - Throws: `FormatError` when the bytes cannot be produced (a bad compressed member).
    func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes
}
