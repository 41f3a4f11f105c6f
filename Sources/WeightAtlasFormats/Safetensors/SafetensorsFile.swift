import WeightAtlasTensor

// safetensors (huggingface/safetensors, format as of 0.4):
//
//   file        = header_size header data
//   header_size = u64 little-endian N                  N ≤ 100_000_000
//   header      = N bytes of UTF-8 JSON: one object     may be padded with trailing spaces
//                 { name: { "dtype": DTYPE, "shape": [dim, ...], "data_offsets": [begin, end] }, ...,
//                   "__metadata__": { string: string } }                       (optional)
//   DTYPE       = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8"
//               | "U64" | "U32" | "U16" | "U8" | "BOOL"             (others: unsupported here)
//   data        = the rest of the file; offsets are relative to its start (byte 8 + N)
//
// Rules (as the reference library checks them): dims are non-negative integers; element
// count and byte size do not overflow; end − begin = count × dtype size; ranges lie inside
// the data section, do not overlap, and together cover it exactly. Elements are
// little-endian, row-major. There is no magic number: sniffing looks for '{' at byte 8.

/// A safetensors file: a JSON header describing tensors, then their bytes, mapped zero-copy.
public struct SafetensorsFile: WeightFile {
    /// `"safetensors"`.
    public static let formatName = "safetensors"
    /// Largest header accepted, in bytes (the reference library's cap).
    public static let maxHeaderSize = 100_000_000

    /// The path the file was opened from.
    public let path: String
    /// Every tensor, ordered by data offset (file order); `byteRange` is a range of the file.
    public let tensors: [TensorInfo]
    /// The header's `__metadata__` (empty when absent).
    public let metadata: [String: String]
    /// The mapping the tensors' bytes are sliced from.
    private let file: MappedFile

    /// True when byte 8 is `{` and the declared header length is at least 2 (`{}`).
    ///
    /// Sniffing sees only the first bytes, not the file's size: a length past the end of the
    /// file is reported by `init(file:)` with evidence rather than as an unknown format.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count >= 9, let length = prefix.littleEndian(UInt64.self, at: 0) else { return false }
        return length >= 2 && length < 1 << 62 && prefix[8] == UInt8(ascii: "{")
    }

    /// Maps nothing new: validates the header of `file` and describes its tensors.
    /// - Throws: `FormatError` with kinds `.truncated`, `.headerTooLarge`, `.malformedHeader`,
    ///   `.unsupportedDType`, `.invalidDimension`, `.overflow`, `.sizeMismatch`,
    ///   `.tensorOutOfBounds`, `.overlappingTensors` or `.uncoveredData`.
    public init(file: MappedFile) throws(FormatError) {
        do {
            (tensors, metadata) = try Self.read(file.bytes)
        } catch {
            throw error.inFile(file.path)
        }
        self.path = file.path
        self.file = file
    }

    /// Reads the header and checks the data section; errors leave `file` for the caller to set.
    private static func read(_ bytes: UnsafeRawBufferPointer) throws(FormatError) -> ([TensorInfo], [String: String]) {
        func failure(_ kind: FormatError.Kind) -> FormatError {
            FormatError(format: formatName, kind: kind, offset: 0)
        }
        guard let declared = bytes.littleEndian(UInt64.self, at: 0) else {
            throw failure(.truncated(needed: 8, available: bytes.count))
        }
        guard declared <= UInt64(maxHeaderSize) else {
            throw failure(.headerTooLarge(declared: declared, limit: maxHeaderSize))
        }
        let headerSize = Int(declared)
        guard let json = bytes.slice(8..<8 + headerSize) else {
            throw failure(.truncated(needed: 8 + headerSize, available: bytes.count))
        }
        let header = try SafetensorsHeader(json: json, headerStart: 8, fileSize: bytes.count)
        let dataStart = 8 + headerSize
        let layout = SafetensorsLayout(entries: header.entries, dataStart: dataStart, dataSize: bytes.count - dataStart)
        try layout.validate()
        let tensors = layout.ordered.map { entry in
            TensorInfo(name: entry.name, dtype: entry.dtype, shape: entry.shape,
                       byteRange: dataStart + entry.begin..<dataStart + entry.end)
        }
        return (tensors, header.metadata)
    }

    /// The tensor's bytes: a slice of the mapping, nothing copied or read.
    /// - Throws: `FormatError` `.tensorOutOfBounds` when `tensor` does not lie in this file.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        try file.slice(of: tensor, format: Self.formatName)
    }
}
