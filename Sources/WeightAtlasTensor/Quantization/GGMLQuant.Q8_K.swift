extension GGMLQuant {
    /// Q8_K: `d` (f32), 256 signed bytes, 16 i16 block sums (unused here). Value `d * q`
    /// (ggml's `dequantize_row_q8_K`; gguf-py has no Q8_K dequantiser).
    enum Q8_K: GGMLBlock {
        static let elements = 256
        static let bytes = 292

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.single(0)
            for j in 0..<256 { out[j] = d * Float(block.signedByte(4 + j)) }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            block.single(0) * Float(block.signedByte(4 + index))
        }
    }
}
