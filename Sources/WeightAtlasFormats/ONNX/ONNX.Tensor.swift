extension ONNX {
    /// A TensorProto as the file holds it: dims, data type, name, and where its elements lie
    /// (`raw_data`, typed repeated fields, or external data). No element is read.
    struct Tensor: Sendable {
        /// `name` (8); a Constant node's tensor is renamed to the node's output.
        var name = ""
        /// `dims` (1), outermost first, each checked non-negative.
        var dims: [Int] = []
        /// `data_type` (2), as a code.
        var dataType: Int64 = 0
        /// `raw_data` (9): file range of the payload.
        var raw: Range<Int>?
        /// Runs of encoded elements of the typed fields (a packed payload, or one unpacked
        /// value), by field number, in file order.
        var typed: [Int: [Range<Int>]] = [:]
        /// `external_data` (13) entries: key, value.
        var external: [(key: String, value: String)] = []
        /// `data_location` (14): 1 = EXTERNAL.
        var dataLocation: Int64 = 0
        /// File offset of the message, for errors.
        var offset: Int
        /// File offset of the field holding the data (raw_data, first typed field), for errors.
        var dataOffset: Int

        /// Reads the TensorProto occupying `message`.
        /// - Throws: `FormatError` `.malformedHeader` (a field with the wrong wire type, a bad
        ///   external_data entry), `.invalidDimension` (negative dims), or any reader error.
        init(_ message: Protobuf.Reader, at offset: Int) throws(FormatError) {
            self.offset = offset
            self.dataOffset = offset
            var reader = message
            while let field = try reader.next() {
                try read(field, in: reader)
            }
        }

        /// Takes in one field of the message.
        private mutating func read(_ field: Protobuf.Field, in reader: Protobuf.Reader) throws(FormatError) {
            func expect(_ types: Protobuf.Field.WireType...) throws(FormatError) {
                guard types.contains(field.wireType) else {
                    throw reader.failure("TensorProto field \(field.number) has wire type \(field.wireType.rawValue)",
                                         at: field.offset)
                }
            }
            switch field.number {
            case 1:
                try expect(.varint, .lengthDelimited)
                try readDims(field, in: reader)
            case 2:
                try expect(.varint)
                dataType = field.int64
            case 8:
                try expect(.lengthDelimited)
                name = reader.string(field)
            case 9:
                try expect(.lengthDelimited)
                raw = field.payload
                dataOffset = field.offset
            case 13:
                try expect(.lengthDelimited)
                external.append(try Self.entry(reader.message(field), at: field.offset))
            case 14:
                try expect(.varint)
                dataLocation = field.int64
            default:
                guard let kind = DataType.TypedField(rawValue: field.number) else { return }
                switch kind.fixedWidth {
                case 4: try expect(.fixed32, .lengthDelimited)
                case 8: try expect(.fixed64, .lengthDelimited)
                default: try expect(.varint, .lengthDelimited)
                }
                if typed.isEmpty && raw == nil { dataOffset = field.offset }
                typed[field.number, default: []].append(field.payload)
            }
        }

        /// Appends the dims of a `dims` field, packed or not.
        private mutating func readDims(_ field: Protobuf.Field, in reader: Protobuf.Reader) throws(FormatError) {
            var values: [Int64] = []
            if field.wireType == .varint {
                values = [field.int64]
            } else {
                var cursor = field.payload.lowerBound
                while cursor < field.payload.upperBound {
                    guard let value = Protobuf.Reader.varint(in: reader.bytes, at: &cursor, end: field.payload.upperBound) else {
                        throw reader.failure("packed dims end inside a varint", at: field.offset)
                    }
                    values.append(Int64(bitPattern: value))
                }
            }
            for value in values {
                guard value >= 0 else {
                    throw FormatError(format: ONNXFile.formatName, kind: .invalidDimension("dim \(value) is negative"),
                                      tensor: name.isEmpty ? nil : name, offset: field.offset)
                }
                dims.append(Int(value))
            }
        }

        /// A StringStringEntryProto: key (1), value (2).
        private static func entry(_ message: Protobuf.Reader, at offset: Int) throws(FormatError) -> (key: String, value: String) {
            var reader = message
            var key = "", value = ""
            while let field = try reader.next() {
                guard field.number == 1 || field.number == 2 else { continue }
                guard field.wireType == .lengthDelimited else {
                    throw reader.failure("external_data entry field \(field.number) is not a string", at: field.offset)
                }
                if field.number == 1 { key = reader.string(field) } else { value = reader.string(field) }
            }
            return (key, value)
        }
    }
}
