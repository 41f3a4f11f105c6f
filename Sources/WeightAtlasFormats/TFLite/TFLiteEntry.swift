import WeightAtlasTensor

/// One weight of a TFLite model: what the reader reports and where its stored bytes are.
struct TFLiteEntry: Sendable {
    /// The tensor as reported (Float32 in a buffer of its own when dequantised).
    var info: TensorInfo
    /// File range of the stored elements (the buffer's data).
    var stored: Range<Int>
    /// Stored element type.
    var storedType: DType
    /// The quantisation applied on reading, if any.
    var quantization: TFLiteQuantization?
    /// The sparsity densified on reading, if any (`stored` then holds only the stored values).
    var sparsity: TFLiteSparsity?

    /// TFLite `TensorType` codes that have a `DType` (schema.fbs: FLOAT32 0, FLOAT16 1, INT32 2,
    /// UINT8 3, INT64 4, BOOL 6, INT16 7, INT8 9, FLOAT64 10, UINT64 12, UINT32 15, UINT16 16).
    static let types: [Int8: DType] = [0: .f32, 1: .f16, 2: .i32, 3: .u8, 4: .i64, 6: .bool, 7: .i16, 9: .i8,
                                       10: .f64, 12: .u64, 15: .u32, 16: .u16]
}
