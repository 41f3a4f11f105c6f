import WeightAtlasTensor

// GGUF (ggml docs/gguf.md), versions 2 and 3, little-endian:
//
//   file        = header metadata_kv{kv_count} tensor_info{tensor_count} padding data
//   header      = magic:"GGUF" version:u32 tensor_count:u64 kv_count:u64
//                 (version 1 had u32 counts: refused; big-endian files: refused)
//   metadata_kv = key:string value_type:u32 value
//   string      = length:u64 bytes[length]                       UTF-8, no terminator
//   value       = u8 | i8 | u16 | i16 | u32 | i32 | f32 | bool | string | array | u64 | i64 | f64
//                 (value_type 0 … 12 in that order; bool is one byte, 0 or 1)
//   array       = element_type:u32 count:u64 value{count}        any type, arrays included
//   tensor_info = name:string n_dims:u32 ne:u64{n_dims} type:u32 offset:u64
//   padding     = bytes up to the next multiple of ALIGNMENT
//   data        = tensor bytes; tensor i at data start + offset_i
//
// ALIGNMENT is metadata `general.alignment` (a u32 power of two), else 32. ne[0] is the
// innermost dimension: shapes are reported reversed (row-major, outermost first). A tensor
// of type T takes product(ne) / block_size(T) × block_bytes(T) bytes (ggml's
// GGML_QUANT_SIZES); ne[0] must be a whole number of blocks.
//
// Rules checked here (as ggml's gguf_init checks them, overlap included): counts and string
// lengths fit in the rest of the file; n_dims ≤ 4; sizes do not overflow; offsets are
// multiples of ALIGNMENT; every tensor lies inside the file; no two overlap; names and keys
// are unique; the metadata held in memory stays within 2 × the file + 16 MiB
// (`GGUFMetadataBudget`). Tensors of types ggml knows but this reader cannot dequantise (IQ*, TQ*,
// MXFP4, ...) are validated, then listed in `unsupported` rather than `tensors`.

/// A GGUF file (llama.cpp/ggml): typed metadata, then tensors, many block-quantised.
public struct GGUFFile: WeightFile {
    /// `"gguf"`.
    public static let formatName = "gguf"
    /// "GGUF" read as a little-endian u32.
    static let magic: UInt32 = 0x4655_4747

    /// The path the file was opened from.
    public let path: String
    /// Format version (2 or 3).
    public let version: UInt32
    /// Metadata key-value pairs in file order.
    public let metadata: [(key: String, value: GGUFValue)]
    /// Data alignment (`general.alignment`, default 32).
    public let alignment: Int
    /// Tensors this reader can convert, in file order; `byteRange` is a range of the file.
    public let tensors: [TensorInfo]
    /// Tensors of types it cannot convert, in file order.
    public let unsupported: [GGUFUnsupportedTensor]
    /// `unsupported`, as every reader lists them.
    public var skipped: [SkippedTensor] { unsupported.map(\.skipped) }
    /// The mapping the tensors' bytes are sliced from.
    private let file: MappedFile

    /// True when the file starts with "GGUF".
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.littleEndian(UInt32.self, at: 0) == magic
    }

    /// Validates the header, metadata and tensor infos of `file`.
    /// - Throws: `FormatError` with kinds `.truncated`, the header's (`GGUFHeader`), `.duplicateName`, `.invalidDimension`,
    ///   `.unsupportedDType`, `.overflow`, `.tensorOutOfBounds` or `.overlappingTensors`.
    public init(file: MappedFile) throws(FormatError) {
        let header: GGUFHeader
        let entries: [GGUFTensorEntry]
        let layout: GGUFLayout
        do {
            (header, entries, layout) = try Self.read(file.bytes)
        } catch {
            throw error.inFile(file.path)
        }
        (path, version, metadata, alignment, self.file) = (file.path, header.version, header.metadata, header.alignment, file)
        var tensors: [TensorInfo] = [], unsupported: [GGUFUnsupportedTensor] = []
        for entry in entries {
            let range = layout.dataStart + entry.offset..<layout.dataStart + entry.offset + entry.size
            if let dtype = entry.type.dtype {
                tensors.append(TensorInfo(name: entry.name, dtype: dtype, shape: entry.shape, byteRange: range))
            } else {
                unsupported.append(GGUFUnsupportedTensor(name: entry.name, type: entry.type, shape: entry.shape, byteRange: range))
            }
        }
        (self.tensors, self.unsupported) = (tensors, unsupported)
    }

    /// Header, tensor infos and data layout, all checked.
    private static func read(_ bytes: UnsafeRawBufferPointer) throws(FormatError) -> (GGUFHeader, [GGUFTensorEntry], GGUFLayout) {
        let header = try GGUFHeader(bytes)
        var cursor = GGUFCursor(bytes, at: header.end)
        var entries: [GGUFTensorEntry] = []
        var names = Set<String>()
        for _ in 0..<header.tensorCount {
            let entry = try GGUFTensorEntry(from: &cursor, alignment: header.alignment)
            guard names.insert(entry.name).inserted else {
                throw cursor.error(.duplicateName(entry.name, first: nil), at: entry.infoOffset, tensor: entry.name)
            }
            entries.append(entry)
        }
        let layout = try GGUFLayout(infoEnd: cursor.offset, alignment: header.alignment, fileSize: bytes.count,
                                    hasTensors: !entries.isEmpty)
        try layout.validate(entries)
        return (header, entries, layout)
    }

    /// The metadata value of `key`, if present.
    public func value(forKey key: String) -> GGUFValue? {
        metadata.first { $0.key == key }?.value
    }

    /// The tensor named `name`.
    /// - Throws: `FormatError` `.unsupportedDType("IQ2_XXS")` for a tensor of a type this
    ///   reader cannot convert; `.badMember` when no tensor has that name.
    public func tensor(named name: String) throws(FormatError) -> TensorInfo {
        if let info = tensors.first(where: { $0.name == name }) { return info }
        try checkSupported(name)
        throw FormatError(file: path, format: Self.formatName, kind: .badMember("no tensor named '\(name)'"), tensor: name)
    }

    /// The tensor's bytes: a slice of the mapping, nothing copied or read.
    /// - Throws: `FormatError` `.unsupportedDType` for a tensor listed in `unsupported`;
    ///   `.tensorOutOfBounds` when `tensor` does not lie in this file.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        if !tensors.contains(where: { $0.name == tensor.name }) { try checkSupported(tensor.name) }
        return try file.slice(of: tensor, format: Self.formatName)
    }

    /// Throws when `name` is one of the unsupported tensors.
    private func checkSupported(_ name: String) throws(FormatError) {
        if let skipped = unsupported.first(where: { $0.name == name }) {
            throw FormatError(file: path, format: Self.formatName, kind: .unsupportedDType(skipped.type.name),
                              tensor: name, offset: skipped.byteRange.lowerBound)
        }
    }
}
