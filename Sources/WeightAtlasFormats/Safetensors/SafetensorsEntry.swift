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
    /// - Throws: `FormatError` `.malformedHeader`, `.unsupportedDType`, `.invalidDimension`,
    ///   `.overflow` or `.sizeMismatch`, naming the tensor and the entry's offset.
    init(name: String, value: JSONNode, offset: Int) throws(FormatError) {
        func failure(_ kind: FormatError.Kind) -> FormatError {
            FormatError(format: SafetensorsFile.formatName, kind: kind, tensor: name, offset: offset)
        }
        guard case .object(let members) = value else {
            throw failure(.malformedHeader("entry is \(value.typeName), expected an object"))
        }
        func member(_ key: String) throws(FormatError) -> JSONNode {
            guard let found = members.first(where: { $0.key == key }) else {
                throw failure(.malformedHeader("entry has no \"\(key)\""))
            }
            return found.value
        }
        guard case .string(let dtypeName) = try member("dtype") else {
            throw failure(.malformedHeader("\"dtype\" is not a string"))
        }
        guard let dtype = DType(rawValue: dtypeName), !dtype.isBlockQuantized else {
            throw failure(.unsupportedDType(dtypeName))
        }
        let shape = try Self.decodeShape(try member("shape"), failure: failure)
        guard case .array(let offsets) = try member("data_offsets"), offsets.count == 2,
              let begin = offsets[0].nonNegativeInteger, let end = offsets[1].nonNegativeInteger, begin <= end
        else {
            throw failure(.malformedHeader("\"data_offsets\" is not [begin, end] with 0 ≤ begin ≤ end"))
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
            throw failure(.malformedHeader("\"shape\" is \(value.typeName), expected an array"))
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
}
