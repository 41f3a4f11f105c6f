extension Protobuf {
    /// One field of a message on the wire: its number, wire type and where its value lies.
    struct Field: Sendable {
        /// How the value is encoded.
        enum WireType: Int, Sendable {
            /// A base-128 varint.
            case varint = 0
            /// Eight little-endian bytes.
            case fixed64 = 1
            /// A varint length, then that many bytes (a string, a message, a packed run).
            case lengthDelimited = 2
            /// Four little-endian bytes.
            case fixed32 = 5
        }

        /// The field number.
        let number: Int
        /// The wire type.
        let wireType: WireType
        /// File offset of the field's tag.
        let offset: Int
        /// File range of the value: the varint's or fixed bytes, or the payload of a
        /// length-delimited field (without its length).
        let payload: Range<Int>
        /// The varint value (0 for other wire types).
        let varint: UInt64

        /// The varint as a signed 64-bit integer (two's complement, as int64 fields encode it).
        var int64: Int64 { Int64(bitPattern: varint) }
    }
}
