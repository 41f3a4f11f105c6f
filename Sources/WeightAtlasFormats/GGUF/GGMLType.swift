import WeightAtlasTensor

/// A ggml tensor type as GGUF numbers it (`enum ggml_type`): its name, block geometry and
/// the `DType` it reads as, if supported.
public struct GGMLType: Sendable, Equatable {
    /// The type's number in the file.
    public let id: UInt32
    /// ggml's name ("Q4_K", "IQ2_XXS", ...).
    public let name: String
    /// Elements per block (1 for plain element types).
    public let blockSize: Int
    /// Bytes per block.
    public let blockBytes: Int
    /// The dtype its values convert from, nil when this reader cannot dequantise it.
    public let dtype: DType?

    /// The type numbered `id`, nil when ggml has no such type (or no longer has it).
    public static func named(id: UInt32) -> GGMLType? { table[id] }

    private init(_ id: UInt32, _ name: String, _ blockSize: Int, _ blockBytes: Int, _ dtype: DType?) {
        (self.id, self.name, self.blockSize, self.blockBytes, self.dtype) = (id, name, blockSize, blockBytes, dtype)
    }

    /// ggml's `GGML_QUANT_SIZES` (gguf-py constants.py, 0.19). Types 4, 5 (Q4_2, Q4_3), 31–33
    /// and 36–38 were removed from ggml and are unknown here.
    private static let table: [UInt32: GGMLType] = Dictionary(uniqueKeysWithValues: [
        GGMLType(0, "F32", 1, 4, .f32), GGMLType(1, "F16", 1, 2, .f16),
        GGMLType(2, "Q4_0", 32, 18, .q4_0), GGMLType(3, "Q4_1", 32, 20, .q4_1),
        GGMLType(6, "Q5_0", 32, 22, .q5_0), GGMLType(7, "Q5_1", 32, 24, .q5_1),
        GGMLType(8, "Q8_0", 32, 34, .q8_0), GGMLType(9, "Q8_1", 32, 40, nil),
        GGMLType(10, "Q2_K", 256, 84, .q2_K), GGMLType(11, "Q3_K", 256, 110, .q3_K),
        GGMLType(12, "Q4_K", 256, 144, .q4_K), GGMLType(13, "Q5_K", 256, 176, .q5_K),
        GGMLType(14, "Q6_K", 256, 210, .q6_K), GGMLType(15, "Q8_K", 256, 292, .q8_K),
        GGMLType(16, "IQ2_XXS", 256, 66, nil), GGMLType(17, "IQ2_XS", 256, 74, nil),
        GGMLType(18, "IQ3_XXS", 256, 98, nil), GGMLType(19, "IQ1_S", 256, 50, nil),
        GGMLType(20, "IQ4_NL", 32, 18, nil), GGMLType(21, "IQ3_S", 256, 110, nil),
        GGMLType(22, "IQ2_S", 256, 82, nil), GGMLType(23, "IQ4_XS", 256, 136, nil),
        GGMLType(24, "I8", 1, 1, .i8), GGMLType(25, "I16", 1, 2, .i16),
        GGMLType(26, "I32", 1, 4, .i32), GGMLType(27, "I64", 1, 8, .i64),
        GGMLType(28, "F64", 1, 8, .f64), GGMLType(29, "IQ1_M", 256, 56, nil),
        GGMLType(30, "BF16", 1, 2, .bf16), GGMLType(34, "TQ1_0", 256, 54, nil),
        GGMLType(35, "TQ2_0", 256, 66, nil), GGMLType(39, "MXFP4", 32, 17, nil),
        GGMLType(40, "NVFP4", 64, 36, nil), GGMLType(41, "Q1_0", 128, 18, nil),
    ].map { ($0.id, $0) })
}
