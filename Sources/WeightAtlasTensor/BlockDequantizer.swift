/// Something other than the host that decodes ggml's block-quantised types (the OpenCL
/// backend, in a kernel), giving exactly the Float32s of `GGMLQuant`.
///
/// `ValueSource` hands it the contiguous runs of a block-quantised tensor; strided views and
/// the types it declines stay on the host. Its failures are a backend's (`BackendError`), so
/// `--backend auto` falls back to the CPU as for any other backend failure.
public protocol BlockDequantizer: AnyObject, Sendable {
    /// True when it decodes `dtype` bit-identically to the host.
    func canDequantize(_ dtype: DType) -> Bool

    /// Decodes `elements` of the tensor whose bytes (whole blocks of `dtype`, the first block
    /// first) are `blocks` into `out` (`elements.count` Float32s); the range may start and end
    /// mid-block.
    /// - Throws: `BackendError` for a type it declines, a range outside `blocks` or a failing
    ///   device call.
    func dequantize(_ blocks: UnsafeRawBufferPointer, dtype: DType, elements: Range<Int>,
                    into out: UnsafeMutablePointer<Float>) throws(BackendError)
}
