import WeightAtlasTensor

// .npz (numpy.savez / savez_compressed): a zip archive (see Zip/) whose members are .npy
// arrays (see NPYHeader.swift), each named `<tensor>.npy`; stored (method 0) by savez,
// deflated (method 8) by savez_compressed; Zip64 extra fields for large members.
//
//   npz = zip( member* )      member = "<name>.npy" → npy bytes
//
// Rejected: duplicate member names, names with a `..` component, names not ending in
// .npy, encrypted members, methods other than 0 and 8, members whose headers or data
// overlap, and deflated members declaring more than deflate can produce (1032:1) or
// more than 16 GiB. Stored members are mapped zero-copy and not CRC-checked (that would
// read every byte at open); deflated ones are inflated on demand and CRC-checked.

/// A NumPy `.npz` archive: one tensor per `.npy` member, in central directory order.
public struct NPZFile: WeightFile {
    /// `"npz"`.
    public static let formatName = "npz"
    /// Deflate's largest possible expansion ratio; a member declaring more is lying.
    public static let maxExpansion = 1032
    /// The largest uncompressed member accepted (16 GiB).
    public static let maxMemberSize = 16 << 30

    /// The path the file was opened from.
    public let path: String
    /// Every tensor, in archive order, named for its member without `.npy`.
    public let tensors: [TensorInfo]
    /// The mapping.
    private let file: MappedFile
    /// Members by tensor name.
    private let members: [String: NPZMember]

    /// True when the file starts like a zip archive: a local header (`PK\3\4`) or, for an
    /// empty archive, an end record (`PK\5\6`).
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count >= 4 && prefix[0] == 0x50 && prefix[1] == 0x4B
            && ((prefix[2] == 3 && prefix[3] == 4) || (prefix[2] == 5 && prefix[3] == 6))
            && !PyTorchZipFile.sniff(prefix)   // a zip whose first member lies in a folder is torch's
            && !KerasArchive.sniff(prefix)     // one starting with metadata.json or config.json is a .keras
    }

    /// Reads the archive's directory and every member's .npy header.
    /// - Throws: `FormatError` of any kind of `ZipDirectory` or `NPZMember`, `.badMember` for
    ///   duplicate names, `.overlappingTensors` for members sharing bytes.
    public init(file: MappedFile) throws(FormatError) {
        do {
            (tensors, members) = try Self.read(file)
        } catch {
            throw error.inFile(file.path)
        }
        self.path = file.path
        self.file = file
    }

    private static func read(_ file: MappedFile) throws(FormatError) -> ([TensorInfo], [String: NPZMember]) {
        let directory = try ZipDirectory(file.bytes)
        var members: [String: NPZMember] = [:]
        var ordered: [NPZMember] = []
        for entry in directory.entries {
            let member = try NPZMember(entry: entry, directory: directory, bytes: file.bytes, path: file.path)
            guard members.updateValue(member, forKey: member.tensor.name) == nil else {
                throw FormatError(format: formatName, kind: .badMember("duplicate member '\(entry.name)'"),
                                  tensor: member.tensor.name, offset: entry.centralHeaderOffset)
            }
            ordered.append(member)
        }
        let spans = ordered.sorted { $0.entry.localHeaderOffset < $1.entry.localHeaderOffset }
        for (previous, next) in zip(spans, spans.dropFirst()) where next.entry.localHeaderOffset < previous.data.upperBound {
            throw FormatError(format: formatName, kind: .overlappingTensors(other: previous.tensor.name),
                              tensor: next.tensor.name, offset: next.entry.localHeaderOffset)
        }
        return (ordered.map(\.tensor), members)
    }

    /// The tensor's bytes: zero-copy for stored members; inflated and CRC-checked for deflated.
    /// - Throws: `FormatError` `.badMember` for a member that does not inflate to its declared
    ///   size or fails its CRC, or for a tensor not in this archive.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let member = members[tensor.name], member.tensor == tensor else {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember("no member holds this tensor"),
                              tensor: tensor.name)
        }
        return try member.bytes(in: file)
    }
}
