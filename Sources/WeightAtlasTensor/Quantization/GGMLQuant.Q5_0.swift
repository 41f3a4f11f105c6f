extension GGMLQuant {
    /// Q5_0: `d` (f16), `qh` (u32: bit j is the fifth bit of element j), then 16 bytes of low
    /// nibbles (as Q4_0). Value `d * (q - 16)`.
    enum Q5_0: GGMLBlock {
        static let elements = 32
        static let bytes = 22

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0), qh = block.word(2)
            for j in 0..<16 {
                let q = UInt32(block.byte(6 + j))
                let low = (q & 0x0F) | ((qh >> UInt32(j)) & 1) << 4
                let high = (q >> 4) | ((qh >> UInt32(j + 16)) & 1) << 4
                out[j] = d * Float(Int32(low) - 16)
                out[j + 16] = d * Float(Int32(high) - 16)
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let q = UInt32(block.byte(6 + (index & 15)))
            let nibble = index < 16 ? q & 0x0F : q >> 4
            let fifth = (block.word(2) >> UInt32(index)) & 1
            return block.half(0) * Float(Int32(nibble | fifth << 4) - 16)
        }
    }
}
