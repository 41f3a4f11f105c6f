import WeightAtlasTensor

// The header of an .npy array (numpy/lib/format.py, "NPY format version 1.0–3.0"):
//
//   npy       = magic major minor header_len header data
//   magic     = "\x93NUMPY"
//   major     = u8 1 | 2 | 3          minor = u8 0
//   header_len= u16 LE (1.0) | u32 LE (2.0, 3.0)
//   header    = a Python dict literal, latin-1 (1.0, 2.0) or UTF-8 (3.0), padded with
//               spaces and ended by '\n' so that the data starts 64-byte aligned:
//               {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
//   descr     = byteorder kind size    byteorder: '<' little, '>' big, '|' n/a, '=' native
//               kind size: f2 f4 f8 | i1 i2 i4 i8 | u1 u2 u4 u8 | b1
//               (complex, strings, datetimes, objects 'O' and structured lists: unsupported;
//               object arrays hold pickles and are never read)
//   data      = product(shape) × size bytes, C order, or Fortran order when fortran_order
//
// The dict must have exactly the keys descr, fortran_order and shape.

/// The parsed header of one .npy array: what the data is and where it starts.
struct NPYHeader: Sendable, Equatable {
    /// The magic bytes every .npy file starts with.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    /// Largest header accepted (numpy itself refuses headers over 10 000 bytes by default).
    static let maxHeaderSize = 1 << 20

    /// Element type.
    var dtype: DType
    /// Byte order of the elements.
    var byteOrder: ByteOrder
    /// Shape as the header gives it.
    var shape: [Int]
    /// `.columnMajor` for Fortran order.
    var order: ElementOrder
    /// Offset of the first data byte from the start of the .npy bytes.
    var dataOffset: Int
    /// Bytes of data the dtype and shape need.
    var dataSize: Int

    /// How many leading bytes hold the magic, version, length and header, from the first 12
    /// (or fewer, if the array is shorter).
    /// - Throws: `FormatError` `.truncated`, `.badMagic`, `.unsupportedVersion` or `.headerTooLarge`.
    static func headerEnd(_ bytes: UnsafeRawBufferPointer, context: NPYContext) throws(FormatError) -> Int {
        guard bytes.count >= 10 else { throw context.error(.truncated(needed: 10, available: bytes.count), at: 0) }
        guard bytes.prefix(6).elementsEqual(magic) else {
            throw context.error(.badMagic(expected: "\\x93NUMPY", found: Array(bytes.prefix(6))), at: 0)
        }
        let major = bytes[6], minor = bytes[7]
        let length: Int
        switch (major, minor) {
        case (1, 0): length = 10 + Int(bytes.littleEndian(UInt16.self, at: 8)!)
        case (2, 0), (3, 0):
            guard let declared = bytes.littleEndian(UInt32.self, at: 8) else {
                throw context.error(.truncated(needed: 12, available: bytes.count), at: 8)
            }
            guard declared <= maxHeaderSize else {
                throw context.error(.headerTooLarge(declared: UInt64(declared), limit: maxHeaderSize), at: 8)
            }
            length = 12 + Int(declared)
        default:
            throw context.error(.unsupportedVersion(field: "format version", found: "\(major).\(minor)",
                                                     supported: "1.0, 2.0 and 3.0 are"), at: 6)
        }
        return length
    }

    /// Parses the header at the start of `bytes` (which must hold at least `headerEnd` bytes).
    /// - Throws: `FormatError` `.truncated`, `.malformedHeader` (the dict's syntax),
    ///   `.unexpectedValue` (its keys and values), `.headerTooLarge`, `.unsupportedDType`, `.invalidDimension` or `.overflow`.
    init(_ bytes: UnsafeRawBufferPointer, context: NPYContext) throws(FormatError) {
        let end = try Self.headerEnd(bytes, context: context)
        guard end <= bytes.count else { throw context.error(.truncated(needed: end, available: bytes.count), at: 0) }
        let start = bytes[6] == 1 ? 10 : 12
        let literal: PythonLiteral
        do {
            literal = try PythonLiteralParser.parse(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
        } catch {
            throw context.error(.malformedHeader("header dict: \(error.message)"), at: start + error.offset)
        }
        let fields = try Self.fields(of: literal, context: context, at: start)
        let utf8 = bytes[6] == 3
        guard case .string(let descrBytes) = fields.descr else {
            throw context.error(.unsupportedDType("structured or non-string descr \(fields.descr.text)"), at: start)
        }
        let descr = utf8 ? String(decoding: descrBytes, as: UTF8.self)
                         : String(String.UnicodeScalarView(descrBytes.map { Unicode.Scalar($0) }))
        guard let (dtype, byteOrder) = Self.decode(descr: descr) else {
            throw context.error(.unsupportedDType(descr), at: start)
        }
        guard case .bool(let fortran) = fields.fortranOrder else {
            throw context.error(.unexpectedValue(field: "'fortran_order'", expected: "True or False",
                                                  found: fields.fortranOrder.text), at: start)
        }
        self.shape = try Self.decode(shape: fields.shape, context: context, at: start)
        var size = dtype.size
        for dim in shape {
            let (product, overflow) = size.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw context.error(.overflow(field: "byte size of shape \(shape)"), at: start) }
            size = product
        }
        self.dtype = dtype
        self.byteOrder = byteOrder
        self.order = fortran ? .columnMajor : .rowMajor
        self.dataOffset = end
        self.dataSize = size
    }

    /// The three values of the header dict, which must have exactly these keys.
    private static func fields(of literal: PythonLiteral, context: NPYContext, at offset: Int)
        throws(FormatError) -> (descr: PythonLiteral, fortranOrder: PythonLiteral, shape: PythonLiteral) {
        guard case .dict(let items) = literal else {
            throw context.error(.unexpectedValue(field: "header", expected: "a dict", found: literal.text), at: offset)
        }
        let keys = items.map(\.key).sorted()
        guard keys == ["descr", "fortran_order", "shape"] else {
            throw context.error(.unexpectedValue(field: "header keys", expected: "descr, fortran_order, shape",
                                                  found: keys.joined(separator: ", ")), at: offset)
        }
        func value(_ key: String) -> PythonLiteral { items.first { $0.key == key }!.value }
        return (value("descr"), value("fortran_order"), value("shape"))
    }

    /// The shape tuple as non-negative Ints.
    private static func decode(shape literal: PythonLiteral, context: NPYContext, at offset: Int) throws(FormatError) -> [Int] {
        guard case .tuple(let dims) = literal else {
            throw context.error(.unexpectedValue(field: "'shape'", expected: "a tuple", found: literal.text), at: offset)
        }
        var shape: [Int] = []
        for dim in dims {
            guard case .integer(let digits) = dim else {
                throw context.error(.invalidDimension("\(dim.text) in 'shape' is not an integer"), at: offset)
            }
            guard let size = Int(digits), size >= 0 else {
                throw context.error(.invalidDimension("\(digits) in 'shape' is not a non-negative 64-bit integer"), at: offset)
            }
            shape.append(size)
        }
        return shape
    }

    /// The dtype and byte order a descr such as `<f4` names, or nil when unsupported.
    static func decode(descr: String) -> (DType, ByteOrder)? {
        var code = Substring(descr)
        var byteOrder = ByteOrder.host
        switch code.first {
        case "<": byteOrder = .little; code = code.dropFirst()
        case ">": byteOrder = .big; code = code.dropFirst()
        case "|", "=": code = code.dropFirst()
        default: break
        }
        let table: [Substring: DType] = [
            "f2": .f16, "f4": .f32, "f8": .f64, "i1": .i8, "i2": .i16, "i4": .i32, "i8": .i64,
            "u1": .u8, "u2": .u16, "u4": .u32, "u8": .u64, "b1": .bool,
        ]
        guard let dtype = table[code] else { return nil }
        return (dtype, dtype.size == 1 ? .little : byteOrder)
    }
}
