extension GGMLQuant {
    /// Q8_0: `d` (f16), then 32 signed bytes. Value `q * d`.
    enum Q8_0: GGMLBlock {
        static let elements = 32
        static let bytes = 34

        @inline(__always)
        static func decode(_ block: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
            let d = block.half(0)
            for j in 0..<32 { out[j] = Float(block.signedByte(2 + j)) * d }
        }

        @inline(__always)
        static func value(_ block: UnsafeRawPointer, at index: Int) -> Float {
            Float(block.signedByte(2 + index)) * block.half(0)
        }
    }
}
