extension GGMLQuant {
    /// Q4_K: `d`, `dmin` (f16), 12 bytes of 6-bit scales and mins (8 of each, one per 32
    /// elements), 128 bytes of 4-bit quants: element e is nibble (e / 32) % 2 of byte
    /// 32 · (e / 64) + e % 32. Value `(d * sc) * q - (dmin * m)`.
    enum Q4_K: GGMLBlock {
        static let elements = 256
        static let bytes = 144

        /// Scale and min of group `j` (0..<8) from the 12 bytes at `offset` (ggml's
        /// `get_scale_min_k4`): j < 4 uses the low 6 bits of bytes j and j + 4; j ≥ 4 packs
        /// nibbles of byte j + 4 with the top two bits of bytes j − 4 and j.
        @inline(__always)
        static func scaleMin(_ block: UnsafeRawPointer, _ offset: Int, _ j: Int) -> (Float, Float) {
            if j < 4 {
                return (Float(block.byte(offset + j) & 63), Float(block.byte(offset + j + 4) & 63))
            }
            let packed = block.byte(offset + j + 4)
            let scale = (packed & 0x0F) | ((block.byte(offset + j - 4) >> 2) & 0x30)
            let min = (packed >> 4) | ((block.byte(offset + j) >> 2) & 0x30)
            return (Float(scale), Float(min))
        }

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0), dmin = block.half(2)
            for group in 0..<8 {
                let (scale, min) = scaleMin(block, 4, group)
                let d1 = d * scale, m1 = dmin * min
                let source = 16 + (group >> 1) * 32, shift = UInt8(4 * (group & 1))
                let o = out + group * 32
                // Wrapping adds (l < 32, source < 128): no overflow check in the loop, which
                // vectorises (bench e, read/convert: 78 ms checked, 74 ms so, 72 ms under -Ounchecked).
                for l in 0..<32 { o[l] = d1 * Float((block.byte(source &+ l) >> shift) & 0x0F) - m1 }
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let group = index >> 5
            let (scale, min) = scaleMin(block, 4, group)
            let q = (block.byte(16 + (group >> 1) * 32 + (index & 31)) >> UInt8(4 * (group & 1))) & 0x0F
            return (block.half(0) * scale) * Float(q) - block.half(2) * min
        }
    }
}
