import WeightAtlasTensor

/// One `.npy` member of an `.npz` archive: where its bytes lie and the tensor they hold.
struct NPZMember: Sendable {
    /// The central directory's description of the member.
    let entry: ZipEntry
    /// File range of the member's stored or compressed bytes.
    let data: Range<Int>
    /// The tensor; `byteRange` is a file range for stored members and a range of the
    /// inflated member for deflated ones.
    let tensor: TensorInfo

    /// Checks `entry` (name, method, sizes) and reads its .npy header, inflating only the
    /// header of a deflated member.
    /// - Throws: `FormatError` `.badMember` (name, encryption, method, size caps), any kind
    ///   of `ZipDirectory.dataRange` or `NPYHeader`, `.truncated` or `.uncoveredData`.
    init(entry: ZipEntry, directory: ZipDirectory, bytes: UnsafeRawBufferPointer, path: String) throws(FormatError) {
        let name = try Self.tensorName(entry)
        func failure(_ why: String) -> FormatError {
            FormatError(format: NPZFile.formatName, kind: .badMember(why), tensor: name, offset: entry.centralHeaderOffset)
        }
        guard !entry.isEncrypted else { throw failure("'\(entry.name)' is encrypted") }
        self.entry = entry
        self.data = try directory.dataRange(of: entry, in: bytes)
        var context = NPYContext(file: path, format: NPZFile.formatName, tensor: name, base: data.lowerBound)
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw failure("stored member sizes differ: \(entry.compressedSize) in the archive, \(entry.uncompressedSize) declared")
            }
            let stored = bytes.slice(data)!
            let header = try NPYHeader(stored, context: context)
            var tensor = try NPYFile.checkData(header, available: stored.count, name: name, context: context)
            tensor.byteRange = data.lowerBound + tensor.byteRange.lowerBound..<data.lowerBound + tensor.byteRange.upperBound
            self.tensor = tensor
        case 8:
            let declared = entry.uncompressedSize
            let cap = min(NPZFile.maxMemberSize, entry.compressedSize.multipliedReportingOverflow(by: NPZFile.maxExpansion).partialValue + 1024)
            guard declared <= cap else {
                throw failure("declares \(declared) bytes from \(entry.compressedSize) compressed (at most \(cap) accepted)")
            }
            context.base = nil
            context.fallbackOffset = entry.localHeaderOffset
            let compressed = bytes.slice(data)!
            let header = try Self.inflatedHeader(compressed, declared: declared, context: context, failure: failure)
            self.tensor = try NPYFile.checkData(header, available: declared, name: name, context: context)
        default:
            throw failure("compression method \(entry.method) (only 0 stored and 8 deflated)")
        }
    }

    /// The tensor name of a member: its name without `.npy`.
    /// - Throws: `.badMember` for names not ending in `.npy` or with a `..` component.
    private static func tensorName(_ entry: ZipEntry) throws(FormatError) -> String {
        func failure(_ why: String) -> FormatError {
            FormatError(format: NPZFile.formatName, kind: .badMember(why), tensor: entry.name, offset: entry.centralHeaderOffset)
        }
        let components = entry.name.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
        guard !components.contains("..") else { throw failure("'\(entry.name)' has a '..' path component") }
        guard entry.name.hasSuffix(".npy"), entry.name.count > 4 else {
            throw failure("'\(entry.name)' is not an .npy member")
        }
        return String(entry.name.dropLast(4))
    }

    /// Inflates just enough of a deflated member to parse its .npy header.
    private static func inflatedHeader(_ compressed: UnsafeRawBufferPointer, declared: Int, context: NPYContext,
                                       failure: (String) -> FormatError) throws(FormatError) -> NPYHeader {
        func prefix(_ count: Int) throws(FormatError) -> InflatedBuffer {
            let buffer = InflatedBuffer(count: count)
            switch Inflater.inflate(compressed, into: buffer.bytes, probe: false) {
            case .exact, .full: return buffer
            case .short(let produced):
                let short = InflatedBuffer(count: produced)
                short.bytes.copyMemory(from: UnsafeRawBufferPointer(rebasing: buffer.bytes[0..<produced]))
                return short
            case .corrupt(let why): throw failure("deflate data is corrupt (\(why))")
            }
        }
        let start = try prefix(min(declared, 12))
        let end = try NPYHeader.headerEnd(UnsafeRawBufferPointer(start.bytes), context: context)
        let header = try prefix(min(declared, end))
        return try NPYHeader(UnsafeRawBufferPointer(header.bytes), context: context)
    }

    /// The tensor's bytes: a slice of the mapping when stored; inflated (and CRC-checked) when deflated.
    /// - Throws: `.badMember` when the member inflates to another size than declared, is
    ///   corrupt, or fails its CRC-32.
    func bytes(in file: MappedFile) throws(FormatError) -> TensorBytes {
        let compressed = file.bytes.slice(data)!
        guard entry.method == 8 else {
            return TensorBytes(bytes: file.bytes.slice(tensor.byteRange)!, owner: file)
        }
        func failure(_ why: String) -> FormatError {
            FormatError(file: file.path, format: NPZFile.formatName, kind: .badMember(why), tensor: tensor.name,
                        offset: entry.localHeaderOffset)
        }
        let buffer = InflatedBuffer(count: entry.uncompressedSize)
        switch Inflater.inflate(compressed, into: buffer.bytes, probe: true) {
        case .exact: break
        case .short(let produced): throw failure("inflates to \(produced) bytes, \(entry.uncompressedSize) declared")
        case .full: throw failure("inflates to more than the \(entry.uncompressedSize) bytes declared")
        case .corrupt(let why): throw failure("deflate data is corrupt (\(why))")
        }
        let crc = Inflater.crc32(UnsafeRawBufferPointer(buffer.bytes))
        guard crc == entry.crc32 else {
            throw failure("CRC-32 mismatch: data has \(hex(crc)), directory declares \(hex(entry.crc32))")
        }
        return TensorBytes(bytes: UnsafeRawBufferPointer(rebasing: buffer.bytes[tensor.byteRange]), owner: buffer)
    }

    private func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
    }
}
