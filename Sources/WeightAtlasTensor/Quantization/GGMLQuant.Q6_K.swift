extension GGMLQuant {
    /// Q6_K: 128 bytes of low nibbles, 64 bytes of high 2-bit pairs, 16 signed scales (one
    /// per 16 elements), `d` (f16). With h = e / 128 and r = e % 128, element e's low nibble
    /// is nibble r / 64 of byte 64h + r % 64 and its high bits are bits 2 · (r / 32) of byte
    /// 128 + 32h + r % 32. Value `(d * sc) * (q − 32)`.
    enum Q6_K: GGMLBlock {
        static let elements = 256
        static let bytes = 210

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(208)
            for group in 0..<16 {
                let dl = d * Float(block.signedByte(192 + group))
                let e0 = group * 16, h = e0 >> 7, r = e0 & 127
                let lowSource = 64 * h + (r & 63), lowShift = UInt8(4 * (r >> 6))
                let highSource = 128 + 32 * h + (r & 31), highShift = UInt8(2 * (r >> 5))
                for k in 0..<16 {
                    let low = (block.byte(lowSource + k) >> lowShift) & 0x0F
                    let high = (block.byte(highSource + k) >> highShift) & 3
                    out[e0 + k] = dl * Float(Int32(low | high << 4) - 32)
                }
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let h = index >> 7, r = index & 127
            let low = (block.byte(64 * h + (r & 63)) >> UInt8(4 * (r >> 6))) & 0x0F
            let high = (block.byte(128 + 32 * h + (r & 31)) >> UInt8(2 * (r >> 5))) & 3
            let dl = block.half(208) * Float(block.signedByte(192 + (index >> 4)))
            return dl * Float(Int32(low | high << 4) - 32)
        }
    }
}
