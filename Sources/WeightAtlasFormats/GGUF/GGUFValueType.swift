/// The type tag of a GGUF metadata value (`gguf_metadata_value_type`).
public enum GGUFValueType: UInt32, Sendable, Equatable {
    case u8 = 0, i8 = 1, u16 = 2, i16 = 3, u32 = 4, i32 = 5, f32 = 6, bool = 7
    case string = 8, array = 9, u64 = 10, i64 = 11, f64 = 12

    /// The fewest bytes a value of this type takes (a string's or an array's empty form).
    var minimumSize: Int {
        switch self {
        case .u8, .i8, .bool: 1
        case .u16, .i16: 2
        case .u32, .i32, .f32: 4
        case .u64, .i64, .f64, .string: 8
        case .array: 12
        }
    }
}
