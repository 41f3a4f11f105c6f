extension DType {
    /// Elements per block: 1 for element types, 32 or 256 for ggml's block-quantised types.
    public var blockSize: Int { ggmlBlock?.elements ?? 1 }

    /// Bytes per block of `blockSize` elements (`size` for element types).
    public var blockBytes: Int { ggmlBlock?.bytes ?? size }

    /// True for ggml's block-quantised types, whose elements cannot be addressed by byte offset.
    public var isBlockQuantized: Bool { ggmlBlock != nil }

    /// Elements and bytes of one block (ggml's `GGML_QUANT_SIZES`), nil for element types.
    private var ggmlBlock: (elements: Int, bytes: Int)? {
        switch self {
        case .q4_0: (32, 2 + 16)
        case .q4_1: (32, 2 + 2 + 16)
        case .q5_0: (32, 2 + 4 + 16)
        case .q5_1: (32, 2 + 2 + 4 + 16)
        case .q8_0: (32, 2 + 32)
        case .q2_K: (256, 16 + 64 + 2 + 2)
        case .q3_K: (256, 32 + 64 + 12 + 2)
        case .q4_K: (256, 2 + 2 + 12 + 128)
        case .q5_K: (256, 2 + 2 + 12 + 32 + 128)
        case .q6_K: (256, 128 + 64 + 16 + 2)
        case .q8_K: (256, 4 + 256 + 32)
        default: nil
        }
    }
}
