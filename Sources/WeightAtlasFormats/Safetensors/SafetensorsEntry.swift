import WeightAtlasTensor

/// One tensor entry of a safetensors header, decoded and checked on its own:
/// `"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}`.
struct SafetensorsEntry: Sendable, Equatable {
    /// The tensor's name (the entry's key).
    var name: String
    /// Element type.
    var dtype: DType
    /// Shape, outermost first.
    var shape: [Int]
    /// First byte, relative to the data section.
    var begin: Int
    /// One past the last byte, relative to the data section.
    var end: Int
    /// Byte offset of the entry's key in the file, for errors.
    var offset: Int

    /// Decodes the entry `value` named `name` whose key lies at file offset `offset`.
    /// - Throws: `FormatError` `.unexpectedValue`, `.missingField`, `.unsupportedDType`, `.invalidDimension`,
    ///   `.overflow` or `.sizeMismatch`, naming the tensor and the entry's offset.
    init(name: String, value: JSONNode, offset: Int) throws(FormatError) {
        func failure(_ kind: FormatError.Kind) -> FormatError {
            FormatError(format: SafetensorsFile.formatName, kind: kind, tensor: name, offset: offset)
        }
        guard case .object(let members) = value else {
            throw failure(.unexpectedValue(field: "entry", expected: "an object", found: value.typeName))
        }
        func member(_ key: String) throws(FormatError) -> JSONNode {
            guard let found = members.first(where: { $0.key == key }) else {
                throw failure(.missingField("\"\(key)\" in the entry"))
            }
            return found.value
        }
        let dtypeNode = try member("dtype")
        guard case .string(let dtypeName) = dtypeNode else {
            throw failure(.unexpectedValue(field: "\"dtype\"", expected: "a string", found: dtypeNode.typeName))
        }
        guard let dtype = DType(rawValue: dtypeName), !dtype.isBlockQuantized else {
            throw failure(.unsupportedDType(dtypeName))
        }
        let shape = try Self.decodeShape(try member("shape"), failure: failure)
        let offsetsNode = try member("data_offsets")
        guard case .array(let offsets) = offsetsNode, offsets.count == 2,
              let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger, begin <= end
        else {
            throw failure(.unexpectedValue(field: "\"data_offsets\"", expected: "[begin, end] with 0 ≤ begin ≤ end",
                                           found: Self.summary(offsetsNode)))
        }
        var count = 1
        for dim in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw failure(.overflow(field: "element count of shape \(shape)")) }
            count = product
        }
        let (size, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else { throw failure(.overflow(field: "byte size of shape \(shape) × \(dtype.size)")) }
        guard end - begin == size else { throw failure(.sizeMismatch(expected: size, actual: end - begin)) }
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.begin = begin
        self.end = end
        self.offset = offset
    }

    /// The shape as non-negative Ints.
    private static func decodeShape(_ value: JSONNode, failure: (FormatError.Kind) -> FormatError)
        throws(FormatError) -> [Int] {
        guard case .array(let dims) = value else {
            throw failure(.unexpectedValue(field: "\"shape\"", expected: "an array", found: value.typeName))
        }
        var shape: [Int] = []
        for dim in dims {
            guard let size = dim.nonNegativeInteger else {
                throw failure(.invalidDimension("\(dim.typeName) in \"shape\" is not a non-negative 64-bit integer"))
            }
            shape.append(size)
        }
        return shape
    }

    /// `value` for an error message: an array as its elements' numbers or types.
    private static func summary(_ value: JSONNode) -> String {
        guard case .array(let items) = value else { return value.typeName }
        return "[" + items.prefix(4).map { $0.nonNegativeInteger.map(String.init) ?? $0.typeName }.joined(separator: ", ")
            + (items.count > 4 ? ", … (\(items.count) items)]" : "]")
    }
}
