/// Why a weight file cannot be read, with the evidence: file, tensor and byte offset.
public struct FormatError: Error, CustomStringConvertible, Sendable, Equatable, Codable {
    /// What is wrong.
    public enum Kind: Sendable, Equatable, Codable {
        /// The file cannot be opened or mapped.
        case io(String)
        /// No reader recognises the file's first bytes.
        case unknownFormat
        /// A structure needs more bytes than the file has.
        case truncated(needed: Int, available: Int)
        /// A header declares a size beyond the reader's cap.
        case headerTooLarge(declared: UInt64, limit: Int)
        /// A header is not what the format's grammar allows (a lower parser's own sentence:
        /// JSON, protobuf, FlatBuffers, HDF5; the cases below carry their evidence instead).
        case malformedHeader(String)
        /// The first bytes are not the format's magic: what it must be and what the file has.
        case badMagic(expected: String, found: [UInt8])
        /// A version the reader does not read: the field, the file's value, what is supported.
        case unsupportedVersion(field: String, found: String, supported: String)
        /// A header field whose type or value the grammar does not allow.
        case unexpectedValue(field: String, expected: String, found: String)
        /// A field the grammar requires is absent.
        case missingField(String)
        /// A name the format allows once appears again (`first`: where the first one is).
        case duplicateName(String, first: String?)
        /// A count of items that cannot fit in the bytes left after it.
        case countExceedsData(field: String, count: UInt64, remaining: Int, fits: UInt64)
        /// An index into a table that is past the table's end.
        case indexOutOfRange(field: String, index: Int, count: Int)
        /// An offset that must be a multiple of an alignment and is not.
        case misaligned(field: String, value: Int, alignment: Int)
        /// Structures nested deeper than the reader's cap.
        case nestedTooDeep(String, limit: Int)
        /// A size computation overflows Int.
        case overflow(field: String)
        /// A dtype the reader does not know.
        case unsupportedDType(String)
        /// A tensor's declared byte count does not match its dtype and shape.
        case sizeMismatch(expected: Int, actual: Int)
        /// A tensor's bytes lie outside the data section.
        case tensorOutOfBounds(range: Range<Int>, available: Int)
        /// Two tensors claim the same bytes.
        case overlappingTensors(other: String)
        /// The data section has bytes no tensor claims.
        case uncoveredData(range: Range<Int>)
        /// A shape dimension that cannot be (negative, or beyond the caps).
        case invalidDimension(String)
        /// A container member that cannot be extracted.
        case badMember(String)
        /// A pickle names a global outside the allow-list (nothing is ever imported).
        case unsafePickle(global: String)
        /// A pickle calls (REDUCE, NEWOBJ) something that is not an allow-listed constructor.
        case unsafeCall(String)
        /// A pickle that breaks the opcode grammar (unknown opcode, stack underflow, unset memo).
        case malformedPickle(String)
        /// A pickle beyond one of the reader's caps (memo, stack, nesting, objects).
        case pickleLimit(String, limit: Int)
        /// A path a model names (a shard, an external-data file) that is absolute, leaves its
        /// folder, or whose real path (symbolic links followed) lies outside the model's folder.
        case unsafePath(String, resolved: String? = nil)
        /// A file that is not a regular file (a FIFO, socket, device or folder): refused
        /// before any blocking open or read.
        case notRegularFile(String, type: String)
        /// Work or memory a file asks for beyond what its size can justify (what, and the budget).
        case overBudget(String, limit: Int)
    }

    /// The file the error was found in (set by the opener when the reader left it empty).
    public var file: String
    /// The format being read ("safetensors", "npy", "npz", ...).
    public var format: String
    /// What is wrong.
    public var kind: Kind
    /// The tensor concerned, if any.
    public var tensor: String?
    /// The byte offset in the file where the problem was found, if known.
    public var offset: Int?

    /// Creates an error.
    public init(file: String = "", format: String = "", kind: Kind, tensor: String? = nil, offset: Int? = nil) {
        self.file = file
        self.format = format
        self.kind = kind
        self.tensor = tensor
        self.offset = offset
    }

    /// The same error, naming `path` as its file.
    public func inFile(_ path: String) -> FormatError {
        var error = self
        error.file = path
        return error
    }

    /// One line: `FILE: FORMAT: tensor 'NAME': what, at byte N`.
    public var description: String {
        var parts: [String] = []
        if !file.isEmpty { parts.append(file) }
        if !format.isEmpty { parts.append(format) }
        if let tensor { parts.append("tensor '\(tensor)'") }
        return (parts + [kind.description]).joined(separator: ": ") + (offset.map { " at byte \($0)" } ?? "")
    }
}

extension FormatError.Kind {
    /// `.tensorOutOfBounds` for `count` bytes at `start`, as a file declares them: the range
    /// ends at Int.max where the sum overflows (a lying header must not trap building it).
    package static func tensorOutOfBounds(start: Int, count: Int, available: Int) -> FormatError.Kind {
        let (end, overflow) = start.addingReportingOverflow(max(0, count))
        return .tensorOutOfBounds(range: start..<(overflow ? Int.max : max(start, end)), available: available)
    }
}

extension FormatError.Kind: CustomStringConvertible {
    /// A human sentence for the kind.
    public var description: String {
        switch self {
        case .io(let why): "cannot read file (\(why))"
        case .unknownFormat: "unrecognised format (not safetensors, npy, npz, gguf, onnx, PyTorch, Keras, TFLite or a shard index by its first bytes)"
        case .truncated(let needed, let available): "truncated: needs \(needed) bytes, file has \(available)"
        case .headerTooLarge(let declared, let limit): "header declares \(declared) bytes, limit is \(limit)"
        case .malformedHeader(let why): "malformed header: \(why)"
        case .badMagic(let expected, let found):
            "malformed header: magic is \(found.isEmpty ? "empty" : "0x" + found.map(Self.hex).joined()), expected \(expected)"
        case .unsupportedVersion(let field, let found, let supported):
            "malformed header: \(field) \(found) is not supported (\(supported))"
        case .unexpectedValue(let field, let expected, let found):
            "malformed header: \(field) is \(found), expected \(expected)"
        case .missingField(let field): "malformed header: no \(field)"
        case .duplicateName(let name, nil): "malformed header: '\(name)' appears twice"
        case .duplicateName(let name, let first?): "malformed header: '\(name)' appears twice (first \(first))"
        case .countExceedsData(let field, let count, let remaining, let fits):
            "malformed header: \(field) \(count) cannot fit in the \(remaining) bytes left (at most \(fits))"
        case .indexOutOfRange(let field, let index, let count):
            "malformed header: \(field) \(index) is out of range (there are \(count))"
        case .misaligned(let field, let value, let alignment):
            "malformed header: \(field) \(value) is not a multiple of the alignment \(alignment)"
        case .nestedTooDeep(let what, let limit): "malformed header: \(what) nested deeper than \(limit)"
        case .overflow(let field): "size overflow in \(field)"
        case .unsupportedDType(let name): "unsupported dtype \(name)"
        case .sizeMismatch(let expected, let actual): "dtype and shape need \(expected) bytes, header gives \(actual)"
        case .tensorOutOfBounds(let range, let available): "bytes \(range.lowerBound)..<\(range.upperBound) outside the \(available)-byte data section"
        case .overlappingTensors(let other): "bytes overlap tensor '\(other)'"
        case .uncoveredData(let range): "data bytes \(range.lowerBound)..<\(range.upperBound) belong to no tensor"
        case .invalidDimension(let why): "invalid dimension: \(why)"
        case .badMember(let why): "bad archive member: \(why)"
        case .unsafePickle(let global): "pickle imports \(global), which is not allow-listed (nothing is imported)"
        case .unsafeCall(let what): "pickle calls \(what), which is not an allow-listed constructor"
        case .malformedPickle(let why): "malformed pickle: \(why)"
        case .pickleLimit(let what, let limit): "pickle exceeds the \(what) cap of \(limit)"
        case .unsafePath(let path, nil): "path '\(path)' is absolute or leaves its folder"
        case .unsafePath(let path, let resolved?): "path '\(path)' resolves to '\(resolved)', outside the model's folder"
        case .notRegularFile(let path, let type): "'\(path)' is not a regular file (\(type))"
        case .overBudget(let what, let limit): "over budget: \(what), limit \(limit)"
        }
    }

    /// Two lowercase hex digits of `byte`.
    private static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16)
        return byte < 16 ? "0" + digits : digits
    }
}
