import WeightAtlasTensor

/// What tests read of a tensor's bytes, through the span.
extension TensorBytes {
    /// A copy of the bytes.
    var array: [UInt8] { withSpan { span in span.withUnsafeBytes { Array($0) } } }

    /// The first byte's address, to tell whether two values share storage.
    var address: Int { withUnsafeBytes { Int(bitPattern: $0.baseAddress) } }

    /// The little-endian Float32 at byte `offset` (bounds-checked by the span).
    func float(at offset: Int) -> Float {
        withSpan { Float(bitPattern: UInt32(littleEndian: $0.unsafeLoadUnaligned(fromByteOffset: offset, as: UInt32.self))) }
    }
}
