extension GGMLQuant {
    /// Q5_K: `d`, `dmin` (f16), 12 bytes of scales and mins (as Q4_K), 32 bytes `qh` (bit
    /// e / 32 of byte e % 32 is element e's fifth bit), 128 bytes of low nibbles (as Q4_K).
    /// Value `(d * sc) * q - (dmin * m)`.
    enum Q5_K: GGMLBlock {
        static let elements = 256
        static let bytes = 176

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0), dmin = block.half(2)
            for group in 0..<8 {
                let (scale, min) = Q4_K.scaleMin(block, 4, group)
                let d1 = d * scale, m1 = dmin * min
                let source = 48 + (group >> 1) * 32, shift = UInt8(4 * (group & 1)), hbit = UInt8(group)
                let o = out + group * 32
                for l in 0..<32 {
                    let q = ((block.byte(source + l) >> shift) & 0x0F) | ((block.byte(16 + l) >> hbit) & 1) << 4
                    o[l] = d1 * Float(q) - m1
                }
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let group = index >> 5, l = index & 31
            let (scale, min) = Q4_K.scaleMin(block, 4, group)
            let low = (block.byte(48 + (group >> 1) * 32 + l) >> UInt8(4 * (group & 1))) & 0x0F
            let q = low | ((block.byte(16 + l) >> UInt8(group)) & 1) << 4
            return (block.half(0) * scale) * Float(q) - block.half(2) * min
        }
    }
}
