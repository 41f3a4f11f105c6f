/// One of ggml's block-quantised types: how a block of `elements` values is stored in
/// `bytes` bytes, decoded whole or one element at a time.
///
/// Both decoders mirror gguf-py's `gguf.quants` (Float32 numpy) operation for operation —
/// f16 scales widened to Float32 first, `d * q - m` in that order, no fused multiply-add —
/// so their values are bit-identical to `gguf.quants.dequantize`.
protocol GGMLBlock {
    /// Elements per block.
    static var elements: Int { get }
    /// Bytes per block.
    static var bytes: Int { get }
    /// Writes the block's `elements` values to `out`.
    static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>)
    /// The value of element `index` (0 ..< `elements`) of the block.
    static func value(_ block: UnsafeRawPointer, at index: Int) -> Float
}

extension UnsafeRawPointer {
    /// The byte at `offset`.
    @inline(__always)
    func byte(_ offset: Int) -> UInt8 { load(fromByteOffset: offset, as: UInt8.self) }

    /// The signed byte at `offset`.
    @inline(__always)
    func signedByte(_ offset: Int) -> Int8 { Int8(bitPattern: byte(offset)) }

    /// The little-endian f16 at `offset`, widened to Float32 (exact).
    @inline(__always)
    func half(_ offset: Int) -> Float {
        Float(Float16(bitPattern: UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self))))
    }

    /// The little-endian f32 at `offset`.
    @inline(__always)
    func single(_ offset: Int) -> Float {
        Float(bitPattern: UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// The little-endian u32 at `offset`.
    @inline(__always)
    func word(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
}
