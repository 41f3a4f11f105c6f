// Protocol buffers wire format (protobuf.dev/programming-guides/encoding):
//
//   message = field*                          fields in any order; repeats allowed
//   field   = tag value
//   tag     = varint (number << 3 | wire type)   number ≥ 1
//   value   = varint                          wire type 0 (int32, int64, enum, bool)
//           | 8 bytes little-endian           wire type 1 (double, fixed64)
//           | varint length, length bytes     wire type 2 (string, bytes, message, packed run)
//           | 4 bytes little-endian           wire type 5 (float, fixed32)
//   varint  = 1 to 10 bytes, 7 bits each, least significant group first, high bit = more
//
// Wire types 3 and 4 (groups) are deprecated and rejected, 6 and 7 do not exist. Every
// value must end inside its enclosing message; a short message at the end of the file is
// `.truncated`, one that overruns an enclosing message is `.malformedHeader`.

extension Protobuf {
    /// A cursor over the fields of one message, with every length checked against the message.
    struct Reader {
        /// The whole file: offsets are file offsets, for errors.
        let bytes: UnsafeRawBufferPointer
        /// One past the message's last byte.
        let end: Int
        /// Offset of the next field's tag.
        private(set) var position: Int
        /// Format name for errors.
        let format: String

        /// A reader over the message occupying `range` of `bytes`.
        init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, format: String) {
            self.bytes = bytes
            self.end = range.upperBound
            self.position = range.lowerBound
            self.format = format
        }

        /// A reader over the message held by the length-delimited `field`.
        func message(_ field: Field) -> Reader {
            Reader(bytes, range: field.payload, format: format)
        }

        /// The next field, or nil at the end of the message.
        /// - Throws: `FormatError` `.truncated` (past the file's end) or `.malformedHeader`
        ///   (past the message's end, a bad wire type, field number 0, an over-long varint).
        mutating func next() throws(FormatError) -> Field? {
            guard position < end else { return nil }
            let start = position
            let tag = try readVarint()
            guard let wireType = Field.WireType(rawValue: Int(tag & 7)) else {
                throw failure("wire type \(tag & 7) (field \(tag >> 3)) is not supported", at: start)
            }
            guard tag >> 3 > 0, tag >> 3 <= 536_870_911 else { throw failure("field number \(tag >> 3)", at: start) }
            var payloadStart = position
            var varint: UInt64 = 0
            switch wireType {
            case .varint: varint = try readVarint()
            case .fixed64: try skip(8, from: start)
            case .fixed32: try skip(4, from: start)
            case .lengthDelimited:
                let length = try readVarint()
                guard length <= UInt64(end - position) else {
                    throw overrun(needed: length > UInt64(Int.max / 2) ? Int.max : position + Int(length), at: start)
                }
                payloadStart = position
                position += Int(length)
            }
            return Field(number: Int(tag >> 3), wireType: wireType, offset: start,
                         payload: payloadStart..<position, varint: varint)
        }

        /// Reads one varint at `position`.
        private mutating func readVarint() throws(FormatError) -> UInt64 {
            let start = position
            switch Self.varint(in: bytes, at: &position, end: end) {
            case .some(let value): return value
            case .none:
                if position - start >= 10 { throw failure("varint longer than 10 bytes", at: start) }
                throw overrun(needed: end + 1, at: start)
            }
        }

        /// Moves past `count` bytes of the field whose tag is at `start`.
        private mutating func skip(_ count: Int, from start: Int) throws(FormatError) {
            guard count <= end - position else { throw overrun(needed: position + count, at: start) }
            position += count
        }

        /// Decodes the varint at `offset` (before `end`), moving `offset` past it; nil when it
        /// runs past `end` or past 10 bytes (then `offset` is where it stopped).
        static func varint(in bytes: UnsafeRawBufferPointer, at offset: inout Int, end: Int) -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < end, shift < 70 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte & 0x80 == 0 { return value }
                shift += 7
            }
            return nil
        }

        /// A value running past the message's end: truncated at the file's end, malformed inside.
        private func overrun(needed: Int, at offset: Int) -> FormatError {
            if end == bytes.count {
                return FormatError(format: format, kind: .truncated(needed: needed, available: bytes.count), offset: offset)
            }
            return failure("field runs past the end of its message at byte \(end)", at: offset)
        }

        /// Checks that `field` (called `name` in errors) has wire type `type`.
        /// - Throws: `.malformedHeader` otherwise.
        func expect(_ field: Field, _ type: Field.WireType, _ name: String) throws(FormatError) {
            guard field.wireType == type else {
                throw failure("\(name) (field \(field.number)) has wire type \(field.wireType.rawValue), expected \(type.rawValue)",
                              at: field.offset)
            }
        }

        /// The text of a string `field` (called `name` in errors).
        /// - Throws: `.malformedHeader` when the field is not length-delimited.
        func text(_ field: Field, _ name: String) throws(FormatError) -> String {
            try expect(field, .lengthDelimited, name)
            return string(field)
        }

        /// The payload of a length-delimited field as UTF-8 text (invalid sequences replaced).
        func string(_ field: Field) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: bytes[field.payload]), as: UTF8.self)
        }

        /// A `.malformedHeader` error at `offset`.
        func failure(_ why: String, at offset: Int) -> FormatError {
            FormatError(format: format, kind: .malformedHeader(why), offset: offset)
        }
    }
}
