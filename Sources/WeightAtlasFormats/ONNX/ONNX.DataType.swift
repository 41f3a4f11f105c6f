import WeightAtlasTensor

extension ONNX {
    /// A `TensorProto.DataType` code: its name, the `DType` it reads as, and which typed
    /// repeated field holds its elements when `raw_data` is not used.
    struct DataType: Sendable {
        /// The typed fields of TensorProto and how their elements are encoded.
        enum TypedField: Int, Sendable {
            /// `float_data` (4): fixed32 elements, FLOAT.
            case float = 4
            /// `int32_data` (5): varints, one element each (8- and 16-bit types keep the low bits).
            case int32 = 5
            /// `int64_data` (7): varints, INT64.
            case int64 = 7
            /// `double_data` (10): fixed64 elements, DOUBLE.
            case double = 10
            /// `uint64_data` (11): varints, UINT32 and UINT64.
            case uint64 = 11

            /// Bytes per element when fixed-width on the wire; nil for varints.
            var fixedWidth: Int? {
                switch self {
                case .float: 4
                case .double: 8
                case .int32, .int64, .uint64: nil
                }
            }

            /// The field's name in onnx.proto.
            var name: String {
                switch self {
                case .float: "float_data"
                case .int32: "int32_data"
                case .int64: "int64_data"
                case .double: "double_data"
                case .uint64: "uint64_data"
                }
            }
        }

        /// The code in `data_type`.
        let code: Int64
        /// The name onnx.proto gives it ("FLOAT", "BFLOAT16", ...).
        let name: String
        /// The element type, or nil when WeightAtlas cannot read it (complex, sub-byte, strings).
        let dtype: DType?
        /// The typed field holding the elements when `raw_data` is absent.
        let field: TypedField?

        /// The data type with `code`, or nil for codes onnx.proto does not define.
        init?(code: Int64) {
            guard code >= 0, code < Int64(Self.table.count) else { return nil }
            let entry = Self.table[Int(code)]
            self.code = code
            (name, dtype, field) = entry
        }

        /// True for STRING, whose tensors hold text, not weights (skipped by the reader).
        var isString: Bool { code == 8 }

        /// Codes 0 to 28 of onnx.proto (onnx 1.23), in order.
        private static let table: [(String, DType?, TypedField?)] = [
            ("UNDEFINED", nil, nil), ("FLOAT", .f32, .float), ("UINT8", .u8, .int32),
            ("INT8", .i8, .int32), ("UINT16", .u16, .int32), ("INT16", .i16, .int32),
            ("INT32", .i32, .int32), ("INT64", .i64, .int64), ("STRING", nil, nil),
            ("BOOL", .bool, .int32), ("FLOAT16", .f16, .int32), ("DOUBLE", .f64, .double),
            ("UINT32", .u32, .uint64), ("UINT64", .u64, .uint64), ("COMPLEX64", nil, .float),
            ("COMPLEX128", nil, .double), ("BFLOAT16", .bf16, .int32),
            ("FLOAT8E4M3FN", .f8e4m3fn, .int32), ("FLOAT8E4M3FNUZ", .f8e4m3fnuz, .int32),
            ("FLOAT8E5M2", .f8e5m2, .int32), ("FLOAT8E5M2FNUZ", .f8e5m2fnuz, .int32),
            ("UINT4", nil, .int32), ("INT4", nil, .int32), ("FLOAT4E2M1", nil, .int32),
            ("FLOAT8E8M0", nil, .int32), ("UINT2", nil, .int32), ("INT2", nil, .int32),
            ("FLOAT6E2M3", nil, .int32), ("FLOAT6E3M2", nil, .int32),
        ]
    }
}
