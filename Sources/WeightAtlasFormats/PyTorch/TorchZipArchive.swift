import WeightAtlasTensor

/// The members of a PyTorch zip checkpoint under its one top-level folder (`<archive>/`),
/// each stored (torch never compresses them; it pads the local header's extra field so
/// data starts on a 64-byte boundary).
struct TorchZipArchive {
    /// The top-level folder: the one holding `data.pkl`.
    let archive: String
    /// Element byte order from the `byteorder` record ("little" when absent).
    let byteOrder: ByteOrder
    private let bytes: UnsafeRawBufferPointer
    private let directory: ZipDirectory
    private let members: [String: ZipEntry]

    /// Reads the zip directory, finds `<archive>/data.pkl` and the byte order.
    /// - Throws: `FormatError` of any `ZipDirectory` kind, `.badMember` for duplicate members,
    ///   a missing `data.pkl` or a bad `byteorder` record.
    init(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
        self.bytes = bytes
        directory = try ZipDirectory(bytes)
        var members: [String: ZipEntry] = [:]
        for entry in directory.entries {
            guard members.updateValue(entry, forKey: entry.name) == nil else {
                throw Self.fail(.badMember("duplicate member '\(entry.name)'"), entry.centralHeaderOffset)
            }
        }
        self.members = members
        let pickles = directory.entries.filter { $0.name.hasSuffix("/data.pkl") && $0.name.split(separator: "/").count == 2 }
        guard pickles.count == 1 else {
            throw Self.fail(.badMember(pickles.isEmpty ? "no <archive>/data.pkl member" : "several data.pkl members"),
                            directory.start)
        }
        archive = String(pickles[0].name.dropLast("/data.pkl".count))
        var order = ByteOrder.little
        if let entry = members["\(archive)/byteorder"] {
            let record = try directory.dataRange(of: entry, in: bytes)
            switch String(decoding: bytes.slice(record)!, as: UTF8.self) {
            case "little": order = .little
            case "big": order = .big
            default: throw Self.fail(.badMember("byteorder record is neither 'little' nor 'big'"), record.lowerBound)
            }
        }
        byteOrder = order
    }

    /// The file range of member `<archive>/<name>`, or nil when there is none.
    /// - Throws: `.badMember` for an encrypted or compressed member, `ZipDirectory.dataRange` kinds.
    func data(of name: String) throws(FormatError) -> Range<Int>? {
        guard let entry = members["\(archive)/\(name)"] else { return nil }
        guard !entry.isEncrypted, entry.method == 0, entry.compressedSize == entry.uncompressedSize else {
            throw Self.fail(.badMember("'\(entry.name)' is encrypted or compressed (PyTorch stores members)"),
                            entry.centralHeaderOffset)
        }
        return try directory.dataRange(of: entry, in: bytes)
    }

    /// True when some member's name starts with `<archive>/<folder>/`.
    func hasFolder(_ folder: String) -> Bool {
        let prefix = "\(archive)/\(folder)/"
        return members.keys.contains { $0.hasPrefix(prefix) }
    }

    private static func fail(_ kind: FormatError.Kind, _ offset: Int) -> FormatError {
        FormatError(format: PyTorchZipFile.formatName, kind: kind, offset: offset)
    }
}
