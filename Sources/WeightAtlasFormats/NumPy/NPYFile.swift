import WeightAtlasTensor

// .npy: one array, its header (see NPYHeader.swift for the grammar), then exactly
// product(shape) × itemsize data bytes to the end of the file — numpy never writes
// trailing bytes, so extra bytes are an error, as are missing ones.

/// A NumPy `.npy` file: one tensor, named for the file, mapped zero-copy.
public struct NPYFile: WeightFile {
    /// `"npy"`.
    public static let formatName = "npy"

    /// The path the file was opened from.
    public let path: String
    /// The single tensor, named for the file without its extension (`W` for `W.npy`);
    /// `byteRange` is a range of the file.
    public let tensors: [TensorInfo]
    /// The mapping the tensor's bytes are sliced from.
    private let file: MappedFile

    /// True when the file starts with `\x93NUMPY`.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.prefix(6).elementsEqual(NPYHeader.magic)
    }

    /// Parses the header of `file` and checks the data fills the rest of it exactly.
    /// - Throws: `FormatError` `.truncated`, `.uncoveredData`, or any kind of `NPYHeader`.
    public init(file: MappedFile) throws(FormatError) {
        let name = Self.tensorName(path: file.path)
        let context = NPYContext(file: file.path, format: Self.formatName, tensor: name, base: 0)
        let header = try NPYHeader(file.bytes, context: context)
        let tensor = try Self.checkData(header, available: file.count, name: name, context: context)
        self.path = file.path
        self.file = file
        self.tensors = [tensor]
    }

    /// Describes the array whose header is `header`, checking that `available` bytes (counted
    /// from the start of the .npy) hold its data exactly.
    /// - Throws: `FormatError` `.truncated` or `.uncoveredData` (range relative to the data start).
    static func checkData(_ header: NPYHeader, available: Int, name: String, context: NPYContext)
        throws(FormatError) -> TensorInfo {
        let (end, overflow) = header.dataOffset.addingReportingOverflow(header.dataSize)
        guard !overflow else { throw context.error(.overflow(field: "data end"), at: header.dataOffset) }
        guard end <= available else {
            throw context.error(.truncated(needed: end, available: available), at: header.dataOffset)
        }
        guard end == available else {
            throw context.error(.uncoveredData(range: header.dataSize..<available - header.dataOffset), at: end)
        }
        return TensorInfo(name: name, dtype: header.dtype, shape: header.shape,
                          byteRange: header.dataOffset..<end, byteOrder: header.byteOrder, order: header.order)
    }

    /// The last path component without its extension.
    static func tensorName(path: String) -> String {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        guard let dot = base.lastIndex(of: "."), dot != base.startIndex else { return base }
        return String(base[..<dot])
    }

    /// The tensor's bytes: a slice of the mapping, nothing copied or read.
    /// - Throws: `FormatError` `.tensorOutOfBounds` when `tensor` does not lie in this file.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        try file.slice(of: tensor, format: Self.formatName)
    }
}
