extension GGMLQuant {
    /// Q3_K: 32 bytes `hmask` (bit e / 32 of byte e % 32 is element e's high bit, inverted:
    /// clear means −4), 64 bytes of 2-bit quants (laid out as Q2_K), 12 bytes of 6-bit scales
    /// (one per 16 elements, stored minus 32), `d` (f16). Value `(d * (sc − 32)) * q`.
    enum Q3_K: GGMLBlock {
        static let elements = 256
        static let bytes = 110

        /// The 6-bit scale of group `k` (0..<16), minus 32: low nibble from byte k % 8 (low
        /// half for k < 8), high two bits from byte 8 + k % 4 at bit 2 · (k / 4).
        @inline(__always)
        static func scale(_ block: UnsafeRawPointer, _ k: Int) -> Float {
            let low = k < 8 ? block.byte(96 + k) & 0x0F : block.byte(96 + k - 8) >> 4
            let high = (block.byte(104 + (k & 3)) >> UInt8(2 * (k >> 2))) & 3
            return Float(Int32(low | high << 4) - 32)
        }

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(108)
            for group in 0..<16 {
                let dl = d * scale(block, group)
                let e0 = group * 16
                let source = 32 + (e0 >> 7) * 32 + (e0 & 31), shift = UInt8(2 * ((e0 >> 5) & 3))
                let hbit = UInt8(e0 >> 5), hsource = e0 & 31
                for k in 0..<16 {
                    let low = Int32((block.byte(source + k) >> shift) & 3)
                    let high = (block.byte(hsource + k) >> hbit) & 1
                    out[e0 + k] = dl * Float(low - (high == 0 ? 4 : 0))
                }
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let dl = block.half(108) * scale(block, index >> 4)
            let low = Int32((block.byte(32 + (index >> 7) * 32 + (index & 31)) >> UInt8(2 * ((index >> 5) & 3))) & 3)
            let high = (block.byte(index & 31) >> UInt8(index >> 5)) & 1
            return dl * Float(low - (high == 0 ? 4 : 0))
        }
    }
}
