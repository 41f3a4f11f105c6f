extension GGMLQuant {
    /// Q4_1: `d`, `m` (f16), then 16 bytes of 4-bit quants (low nibbles are elements 0–15,
    /// high nibbles 16–31). Value `d * q + m`.
    enum Q4_1: GGMLBlock {
        static let elements = 32
        static let bytes = 20

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0), m = block.half(2)
            for j in 0..<16 {
                let q = block.byte(4 + j)
                out[j] = d * Float(q & 0x0F) + m
                out[j + 16] = d * Float(q >> 4) + m
            }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            let q = block.byte(4 + (index & 15))
            return block.half(0) * Float(index < 16 ? q & 0x0F : q >> 4) + block.half(2)
        }
    }
}
