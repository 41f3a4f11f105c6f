/// Dequantisation of ggml's block-quantised types (GGUF) to Float32, addressed by element
/// index: a run touches only the blocks that hold its elements.
enum GGMLQuant {
    /// Converts `count` elements of the tensor at `base` stored as `dtype`: element `first`,
    /// then every `stride`-th. Stride 1 decodes the covering blocks whole (the partial ones at
    /// either end through a scratch block); any other stride decodes element by element.
    static func convert(_ dtype: DType, _ base: UnsafeRawPointer, element first: Int, stride: Int,
                        count: Int, into out: UnsafeMutablePointer<Float>) {
        switch dtype {
        case .q4_0: run(Q4_0.self, base, first, stride, count, out)
        case .q4_1: run(Q4_1.self, base, first, stride, count, out)
        case .q5_0: run(Q5_0.self, base, first, stride, count, out)
        case .q5_1: run(Q5_1.self, base, first, stride, count, out)
        case .q8_0: run(Q8_0.self, base, first, stride, count, out)
        case .q2_K: run(Q2_K.self, base, first, stride, count, out)
        case .q3_K: run(Q3_K.self, base, first, stride, count, out)
        case .q4_K: run(Q4_K.self, base, first, stride, count, out)
        case .q5_K: run(Q5_K.self, base, first, stride, count, out)
        case .q6_K: run(Q6_K.self, base, first, stride, count, out)
        case .q8_K: run(Q8_K.self, base, first, stride, count, out)
        default: preconditionFailure("\(dtype.rawValue) is not block-quantised")
        }
    }

    @inline(__always)
    private static func run<Block: GGMLBlock>(_ type: Block.Type, _ base: UnsafeRawPointer, _ first: Int,
                                              _ stride: Int, _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        guard count > 0 else { return }
        if stride == 1 {
            decodeRun(type, base, first, count, out)
            return
        }
        for i in 0..<count {
            let element = first + i * stride
            let block = element / Block.elements
            out[i] = Block.value(base + block * Block.bytes, at: element - block * Block.elements)
        }
    }

    /// Decodes elements `first ..< first + count` block by block.
    @inline(__always)
    private static func decodeRun<Block: GGMLBlock>(_ type: Block.Type, _ base: UnsafeRawPointer, _ first: Int,
                                                    _ count: Int, _ out: UnsafeMutablePointer<Float>) {
        var element = first
        let end = first + count
        var destination = out
        while element < end {
            let block = element / Block.elements
            let offset = element - block * Block.elements
            let take = min(Block.elements - offset, end - element)
            let source = base + block * Block.bytes
            if take == Block.elements {
                Block.decode(source, into: destination)
            } else {
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Block.elements) { scratch in
                    Block.decode(source, into: scratch.baseAddress!)
                    destination.update(from: scratch.baseAddress! + offset, count: take)
                }
            }
            element += take
            destination += take
        }
    }
}
