import WeightAtlasTensor

/// One tensor info of a GGUF file, decoded and checked on its own:
/// `name:string n_dims:u32 ne:u64{n_dims} type:u32 offset:u64`.
struct GGUFTensorEntry: Sendable {
    /// The tensor's name.
    var name: String
    /// Dimensions as the file lists them, innermost (`ne[0]`) first.
    var dims: [Int]
    /// The ggml type.
    var type: GGMLType
    /// First byte, relative to the data section.
    var offset: Int
    /// Bytes the tensor takes: whole blocks, count / block size × block bytes.
    var size: Int
    /// File offset of the tensor info (its name), for errors.
    var infoOffset: Int

    /// ggml's `GGML_MAX_DIMS`.
    static let maxDims = 4

    /// Shape in row-major order, outermost first (`ne` reversed).
    var shape: [Int] { dims.reversed() }

    /// Reads the tensor info at the cursor; `alignment` is what its offset must be a multiple of.
    /// - Throws: `FormatError` `.truncated`, `.invalidDimension` (too many dims, a dim past
    ///   Int64.max, a row that is not whole blocks), `.unsupportedDType` (a type ggml does not
    ///   have), `.overflow` (element count or byte size), `.misaligned` (the data offset).
    init(from cursor: inout GGUFCursor, alignment: Int) throws(FormatError) {
        let infoOffset = cursor.offset
        let name = try cursor.string()
        func failure(_ kind: FormatError.Kind) -> FormatError {
            FormatError(format: GGUFFile.formatName, kind: kind, tensor: name, offset: infoOffset)
        }
        let rank = try cursor.read(UInt32.self)
        guard rank <= UInt32(Self.maxDims) else { throw failure(.invalidDimension("n_dims \(rank) exceeds \(Self.maxDims)")) }
        var dims: [Int] = []
        for _ in 0..<Int(rank) {
            let dim = try cursor.read(UInt64.self)
            guard dim <= UInt64(Int64.max) else { throw failure(.invalidDimension("ne \(dim) exceeds Int64.max")) }
            dims.append(Int(dim))
        }
        let rawType = try cursor.read(UInt32.self)
        guard let type = GGMLType.named(id: rawType) else { throw failure(.unsupportedDType("ggml type \(rawType)")) }
        let rawOffset = try cursor.read(UInt64.self)
        guard rawOffset <= UInt64(Int.max) else { throw failure(.overflow(field: "tensor offset \(rawOffset)")) }
        guard Int(rawOffset) % alignment == 0 else {
            throw failure(.misaligned(field: "data offset", value: Int(rawOffset), alignment: alignment))
        }
        size = try Self.byteSize(dims: dims, type: type, failure: failure)
        (self.name, self.dims, self.type, self.offset, self.infoOffset) = (name, dims, type, Int(rawOffset), infoOffset)
    }

    /// Whole blocks of `type` holding `dims`, overflow-checked like ggml's `gguf_init`.
    private static func byteSize(dims: [Int], type: GGMLType, failure: (FormatError.Kind) -> FormatError)
        throws(FormatError) -> Int {
        // Zero dims are skipped first: the shape is ne reversed, and [big, big, 0] must not
        // overflow where [0, big, big] does not (found by Fuzz/GGUF).
        guard TensorInfo.elementCount(dims) != nil else { throw failure(.overflow(field: "element count of ne \(dims)")) }
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: dim)
            guard !overflow else { throw failure(.overflow(field: "element count of ne \(dims)")) }
            count = product
        }
        let row = dims.first ?? 1
        guard row % type.blockSize == 0 else {
            throw failure(.invalidDimension("ne[0] = \(row) is not a multiple of \(type.name)'s block size \(type.blockSize)"))
        }
        let (size, overflow) = (count / type.blockSize).multipliedReportingOverflow(by: type.blockBytes)
        guard !overflow else { throw failure(.overflow(field: "byte size of ne \(dims) as \(type.name)")) }
        return size
    }
}
