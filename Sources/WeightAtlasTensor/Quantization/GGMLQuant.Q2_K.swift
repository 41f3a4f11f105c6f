extension GGMLQuant {
    /// Q2_K: 16 scale bytes (low nibble scales `d`, high nibble scales `dmin`, one per 16
    /// elements), 64 bytes of 2-bit quants, `d`, `dmin` (f16). Element e's quant is bits
    /// 2s…2s+1 of byte 32h + l, where h = e / 128, s = e / 32 % 4, l = e % 32.
    /// Value `(d * sc) * q - (dmin * m)`.
    enum Q2_K: GGMLBlock {
        static let elements = 256
        static let bytes = 84

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(80), dmin = block.half(82)
            for group in 0..<16 {
                let scale = block.byte(group)
                let dl = d * Float(scale & 0x0F), ml = dmin * Float(scale >> 4)
                let e0 = group * 16
                let source = 16 + (e0 >> 7) * 32 + (e0 & 31), shift = UInt8(2 * ((e0 >> 5) & 3))
                for k in 0..<16 {
                    out[e0 + k] = dl * Float((block.byte(source + k) >> shift) & 3) - ml
                }
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let scale = block.byte(index >> 4)
            let dl = block.half(80) * Float(scale & 0x0F), ml = block.half(82) * Float(scale >> 4)
            let q = (block.byte(16 + (index >> 7) * 32 + (index & 31)) >> UInt8(2 * ((index >> 5) & 3))) & 3
            return dl * Float(q) - ml
        }
    }
}
