extension GGUFFile {
    /// The attention head counts the file states: `<arch>.attention.head_count` and
    /// `head_count_kv` (a scalar, or an array with one count per layer; the key/value count
    /// is the query count when absent); nil without a query count.
    public var headCounts: (heads: [Int], kvHeads: [Int])? {
        func counts(_ suffix: String) -> [Int]? {
            guard let value = metadata.first(where: { $0.key.hasSuffix(suffix) })?.value else { return nil }
            if case .array(_, let items) = value { return items.compactMap(\.integer) }
            return value.integer.map { [$0] }
        }
        guard let heads = counts(".attention.head_count"), !heads.isEmpty else { return nil }
        return (heads, counts(".attention.head_count_kv") ?? heads)
    }
}

extension GGUFValue {
    /// The value as an `Int`, when it is an integer that fits.
    public var integer: Int? {
        switch self {
        case .u8(let v): Int(v)
        case .i8(let v): Int(v)
        case .u16(let v): Int(v)
        case .i16(let v): Int(v)
        case .u32(let v): Int(v)
        case .i32(let v): Int(v)
        case .u64(let v): Int(exactly: v)
        case .i64(let v): Int(exactly: v)
        default: nil
        }
    }
}
