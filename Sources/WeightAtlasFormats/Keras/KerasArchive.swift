/// The members of a Keras 3 `.keras` zip that the reader needs: `model.weights.h5` (as bytes
/// libhdf5 can open from memory) and `config.json`.
struct KerasArchive {
    /// Name of the weights member.
    static let weightsMember = "model.weights.h5"
    /// Members Keras writes at the top of the archive; one of them names the first member.
    static let knownMembers = ["metadata.json", "config.json", "model.weights.h5"]

    /// The weights file's bytes: a slice of the mapping (stored member) or an inflated copy.
    let weights: UnsafeRawBufferPointer
    /// Owner of `weights` (the mapping, or the inflated buffer).
    let owner: AnyObject
    /// Offset of `weights` in the .keras file when stored (nil when inflated).
    let base: Int?
    /// The model's config (empty when the archive has no config.json).
    let config: KerasConfig

    /// Finds and checks the members of the archive mapped by `file`.
    /// - Throws: the kinds of `ZipDirectory`; `.badMember` for a missing, encrypted,
    ///   mis-sized, corrupt or unsupported-method member.
    init(file: MappedFile) throws(FormatError) {
        let directory = try ZipDirectory(file.bytes)
        guard let entry = directory.entries.first(where: { $0.name == Self.weightsMember }) else {
            throw FormatError(format: KerasFile.formatName, kind: .badMember("no \(Self.weightsMember) in the archive"),
                              offset: directory.start)
        }
        (weights, owner, base) = try Self.contents(of: entry, directory: directory, file: file)
        if let configEntry = directory.entries.first(where: { $0.name == "config.json" }) {
            let (text, textOwner, textBase) = try Self.contents(of: configEntry, directory: directory, file: file)
            config = try withExtendedLifetime(textOwner) { () throws(FormatError) -> KerasConfig in
                try KerasConfig(text: text, base: textBase ?? configEntry.localHeaderOffset)
            }
        } else {
            config = KerasConfig()
        }
    }

    /// A member's bytes: zero-copy when stored, inflated and CRC-checked when deflated.
    private static func contents(of entry: ZipEntry, directory: ZipDirectory, file: MappedFile)
        throws(FormatError) -> (UnsafeRawBufferPointer, AnyObject, Int?) {
        func failure(_ why: String) -> FormatError {
            FormatError(format: KerasFile.formatName, kind: .badMember(why), tensor: entry.name, offset: entry.localHeaderOffset)
        }
        guard !entry.isEncrypted else { throw failure("encrypted") }
        let data = try directory.dataRange(of: entry, in: file.bytes)
        let compressed = file.bytes.slice(data)!
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw failure("stored member sizes differ: \(entry.compressedSize) in the archive, \(entry.uncompressedSize) declared")
            }
            return (compressed, file, data.lowerBound)
        case 8:
            let cap = min(NPZFile.maxMemberSize, entry.compressedSize.multipliedReportingOverflow(by: NPZFile.maxExpansion).partialValue + 1024)
            guard entry.uncompressedSize <= cap else {
                throw failure("declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed")
            }
            let buffer = InflatedBuffer(count: entry.uncompressedSize)
            guard Inflater.inflate(compressed, into: buffer.bytes, probe: true) == .exact,
                  Inflater.crc32(UnsafeRawBufferPointer(buffer.bytes)) == entry.crc32 else {
                throw failure("does not inflate to its declared \(entry.uncompressedSize) bytes and CRC-32")
            }
            return (UnsafeRawBufferPointer(buffer.bytes), buffer, nil)
        default:
            throw failure("compression method \(entry.method) (only 0 stored and 8 deflated)")
        }
    }

    /// True when `prefix` is a zip whose first local header names a member Keras writes.
    static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count > 30, prefix.littleEndian(UInt32.self, at: 0) == 0x0403_4b50,
              let length = prefix.littleEndian(UInt16.self, at: 26) else { return false }
        let name = prefix[30..<min(prefix.count, 30 + Int(length))]
        return knownMembers.contains { Int(length) == $0.utf8.count && name.elementsEqual($0.utf8) }
    }
}
