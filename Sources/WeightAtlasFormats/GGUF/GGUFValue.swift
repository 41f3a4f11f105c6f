/// One GGUF metadata value, as typed in the file. Not `indirect`: an array's elements are
/// held inline in its storage (24 bytes each), not each in a box of its own.
public enum GGUFValue: Sendable, Equatable {
    case u8(UInt8), i8(Int8), u16(UInt16), i16(Int16), u32(UInt32), i32(Int32), f32(Float), bool(Bool)
    case string(String)
    /// An array: its element type and elements (arrays of arrays are allowed).
    case array(GGUFValueType, [GGUFValue])
    case u64(UInt64), i64(Int64), f64(Double)

    /// Deepest nesting of arrays accepted (the format sets none; real files use 1 or 2).
    static let maxDepth = 16

    /// Reads a value of `type` at the cursor, charging `budget` for what it holds beyond its
    /// own `MemoryLayout<GGUFValue>.stride` (a string's bytes, an array's elements).
    /// - Throws: `FormatError` `.truncated`, `.unexpectedValue` (a bool other than 0 or 1, an
    ///   unknown element type), `.nestedTooDeep`, `.countExceedsData`,
    ///   `.overBudget` (more metadata than `budget` allows).
    static func read(_ type: GGUFValueType, from cursor: inout GGUFCursor, depth: Int = 0,
                     budget: inout GGUFMetadataBudget) throws(FormatError) -> GGUFValue {
        switch type {
        case .u8: return .u8(try cursor.read(UInt8.self))
        case .i8: return .i8(try cursor.read(Int8.self))
        case .u16: return .u16(try cursor.read(UInt16.self))
        case .i16: return .i16(try cursor.read(Int16.self))
        case .u32: return .u32(try cursor.read(UInt32.self))
        case .i32: return .i32(try cursor.read(Int32.self))
        case .f32: return .f32(Float(bitPattern: try cursor.read(UInt32.self)))
        case .u64: return .u64(try cursor.read(UInt64.self))
        case .i64: return .i64(try cursor.read(Int64.self))
        case .f64: return .f64(Double(bitPattern: try cursor.read(UInt64.self)))
        case .string:
            let start = cursor.offset
            let text = try cursor.string()
            try budget.spend(GGUFMetadataBudget.stringCost(text), at: start, cursor: cursor)
            return .string(text)
        case .bool:
            let start = cursor.offset
            let byte = try cursor.read(UInt8.self)
            guard byte <= 1 else { throw cursor.error(.unexpectedValue(field: "bool value", expected: "0 or 1", found: "\(byte)"), at: start) }
            return .bool(byte == 1)
        case .array:
            return try readArray(from: &cursor, depth: depth + 1, budget: &budget)
        }
    }

    /// `array = element_type:u32 count:u64 value{count}`.
    private static func readArray(from cursor: inout GGUFCursor, depth: Int,
                                  budget: inout GGUFMetadataBudget) throws(FormatError) -> GGUFValue {
        let start = cursor.offset
        guard depth <= maxDepth else {
            throw cursor.error(.nestedTooDeep("arrays", limit: maxDepth), at: start)
        }
        let element = try readType(from: &cursor)
        let countStart = cursor.offset
        let count = try cursor.read(UInt64.self)
        try cursor.checkCount(count, minimumSize: element.minimumSize, what: "array count", at: countStart)
        let (elements, overflow) = Int(count).multipliedReportingOverflow(by: MemoryLayout<GGUFValue>.stride)
        try budget.spend(overflow ? Int.max : elements + 32, at: start, cursor: cursor)
        var values: [GGUFValue] = []
        values.reserveCapacity(Int(count))
        for _ in 0..<Int(count) { values.append(try read(element, from: &cursor, depth: depth, budget: &budget)) }
        return .array(element, values)
    }

    /// A `u32` value type tag.
    /// - Throws: `.unexpectedValue` for a tag outside 0…12.
    static func readType(from cursor: inout GGUFCursor) throws(FormatError) -> GGUFValueType {
        let start = cursor.offset
        let raw = try cursor.read(UInt32.self)
        guard let type = GGUFValueType(rawValue: raw) else {
            throw cursor.error(.unexpectedValue(field: "metadata value type", expected: "0…12", found: "\(raw)"), at: start)
        }
        return type
    }

    /// The value as an unsigned integer, when it is one of the integer types and not negative.
    public var unsignedInteger: UInt64? {
        switch self {
        case .u8(let v): UInt64(v)
        case .u16(let v): UInt64(v)
        case .u32(let v): UInt64(v)
        case .u64(let v): v
        case .i8(let v): UInt64(exactly: v)
        case .i16(let v): UInt64(exactly: v)
        case .i32(let v): UInt64(exactly: v)
        case .i64(let v): UInt64(exactly: v)
        default: nil
        }
    }
}
