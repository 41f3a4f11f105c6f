/// The element types a weight tensor can hold, named as safetensors names them.
public enum DType: String, Sendable, CaseIterable, Equatable {
    case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8"
    case u64 = "U64", u32 = "U32", u16 = "U16", u8 = "U8"
    case bool = "BOOL"
    case f8e4m3fn = "F8_E4M3FN", f8e4m3fnuz = "F8_E4M3FNUZ", f8e5m2 = "F8_E5M2", f8e5m2fnuz = "F8_E5M2FNUZ"
    // ggml's block-quantised types (GGUF): see DType+Blocks.swift and Tensor/Quantization.
    case q4_0 = "Q4_0", q4_1 = "Q4_1", q5_0 = "Q5_0", q5_1 = "Q5_1", q8_0 = "Q8_0"
    case q2_K = "Q2_K", q3_K = "Q3_K", q4_K = "Q4_K", q5_K = "Q5_K", q6_K = "Q6_K", q8_K = "Q8_K"

    /// Bytes per element; for block-quantised types, bytes per block of `blockSize` elements.
    public var size: Int {
        switch self {
        case .f64, .i64, .u64: 8
        case .f32, .i32, .u32: 4
        case .f16, .bf16, .i16, .u16: 2
        case .i8, .u8, .bool: 1
        case .f8e4m3fn, .f8e4m3fnuz, .f8e5m2, .f8e5m2fnuz: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K: blockBytes
        }
    }

    /// True for the floating-point types, whose values may be NaN or infinite.
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: true
        case .f8e4m3fn, .f8e4m3fnuz, .f8e5m2, .f8e5m2fnuz: true
        default: false
        }
    }
}

/// Byte order of the elements in storage.
public enum ByteOrder: String, Sendable, Equatable {
    case little, big

    /// The byte order of the machine this runs on.
    public static var host: ByteOrder { 1.littleEndian == 1 ? .little : .big }
}

/// Order of the elements in storage: row-major (C) or column-major (Fortran).
public enum ElementOrder: String, Sendable, Equatable {
    case rowMajor, columnMajor
}
