extension GGMLQuant {
    /// Q4_0: `d` (f16), then 16 bytes of 4-bit quants; element j < 16 is the low nibble of
    /// byte j, element j + 16 its high nibble. Value `d * (q - 8)`.
    enum Q4_0: GGMLBlock {
        static let elements = 32
        static let bytes = 18

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0)
            for j in 0..<16 {
                let q = block.byte(2 + j)
                out[j] = d * Float(Int32(q & 0x0F) - 8)
                out[j + 16] = d * Float(Int32(q >> 4) - 8)
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let q = block.byte(2 + (index & 15))
            return block.half(0) * Float(Int32(index < 16 ? q & 0x0F : q >> 4) - 8)
        }
    }
}
