extension GGMLQuant {
    /// Q5_1: `d`, `m` (f16), `qh` (u32 of fifth bits), then 16 bytes of low nibbles (as
    /// Q5_0). Value `d * q + m`.
    enum Q5_1: GGMLBlock {
        static let elements = 32
        static let bytes = 24

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0), m = block.half(2), qh = block.word(4)
            for j in 0..<16 {
                let q = UInt32(block.byte(8 + j))
                let low = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
                let high = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
                out[j] = d * Float(low) + m
                out[j + 16] = d * Float(high) + m
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let q = UInt32(block.byte(8 + (index & 15)))
            let nibble = index < 16 ? q & 0x0F : q >> 4
            let fifth = (block.word(4) >> UInt32(index)) & 1
            return block.half(0) * Float(nibble | fifth << 4) + block.half(2)
        }
    }
}
