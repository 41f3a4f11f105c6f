import WeightAtlasTensor

extension ONNX {
    /// Elements held in one of TensorProto's typed repeated fields (`float_data`, `int32_data`,
    /// `int64_data`, `double_data`, `uint64_data`), packed or one per field: counted at open,
    /// decoded into little-endian elements of `dtype` when the bytes are asked for.
    struct TypedData: Sendable {
        /// The field and its wire encoding.
        let field: DataType.TypedField
        /// The element type the values become (8- and 16-bit types keep the values' low bits,
        /// as onnx's numpy_helper does).
        let dtype: DType
        /// File ranges of encoded values, in order.
        let runs: [Range<Int>]
        /// Number of elements.
        let count: Int

        /// Counts the values in `runs` of `field`.
        /// - Throws: `FormatError` `.malformedHeader` when a run of fixed-width values is not
        ///   a whole number of them or a run of varints ends inside one.
        init(field: DataType.TypedField, dtype: DType, runs: [Range<Int>], bytes: UnsafeRawBufferPointer,
             failure: (String) -> FormatError) throws(FormatError) {
            var count = 0
            for run in runs {
                if let width = field.fixedWidth {
                    guard run.count % width == 0 else {
                        throw failure("\(field.name) run of \(run.count) bytes is not a multiple of \(width)")
                    }
                    count += run.count / width
                } else {
                    var cursor = run.lowerBound
                    while cursor < run.upperBound {
                        guard Protobuf.Reader.varint(in: bytes, at: &cursor, end: run.upperBound) != nil else {
                            throw failure("\(field.name) run ends inside a varint")
                        }
                        count += 1
                    }
                }
            }
            self.field = field
            self.dtype = dtype
            self.runs = runs
            self.count = count
        }

        /// Decodes every value into a new buffer of `count × dtype.size` little-endian bytes.
        func decode(_ bytes: UnsafeRawBufferPointer) -> DecodedBuffer {
            let size = dtype.size
            let buffer = DecodedBuffer(count: count * size)
            var index = 0
            for run in runs {
                var cursor = run.lowerBound
                while cursor < run.upperBound {
                    let value: UInt64
                    switch field.fixedWidth {
                    case 4: value = UInt64(bytes.littleEndian(UInt32.self, at: cursor)!); cursor += 4
                    case 8: value = bytes.littleEndian(UInt64.self, at: cursor)!; cursor += 8
                    default: value = Protobuf.Reader.varint(in: bytes, at: &cursor, end: run.upperBound)!
                    }
                    for byte in 0..<size {
                        buffer.bytes[index * size + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(byte)))
                    }
                    index += 1
                }
            }
            return buffer
        }
    }
}
