// HDF5 superblock (HDF5 File Format Specification 3.0, II.A), the only part of the file read
// here rather than by libhdf5: its end-of-file address tells a truncated file apart.
//
//   v0/v1 = signature(8) version(1) freespace-version(1) root-version(1) reserved(1)
//           shared-header-version(1) offset-size(1) length-size(1) reserved(1)
//           leaf-K(2) internal-K(2) flags(4) [v1: indexed-K(2) reserved(2)]
//           base(O) freespace(O) end-of-file(O) driver(O) root symbol table entry
//   v2/v3 = signature(8) version(1) offset-size(1) length-size(1) flags(1)
//           base(O) extension(O) end-of-file(O) root(O) checksum(4)
//
// The signature lies at 0, 512, 1024, 2048, ... (a user block may precede it); only 0 is
// sniffed. Addresses are relative to the base address (the signature's offset).

extension HDF5 {
    /// What the superblock says about the file's extent.
    enum Superblock {
        /// The 8-byte HDF5 signature, "\x89HDF\r\n\x1a\n".
        static let signature: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]

        /// True when `bytes` starts with the HDF5 signature.
        static func starts(_ bytes: UnsafeRawBufferPointer) -> Bool {
            bytes.count >= 8 && bytes.prefix(8).elementsEqual(signature)
        }

        /// Checks that the file is as long as its superblock's end-of-file address says.
        /// - Throws: `.badMagic`, `.unsupportedVersion`, `.unexpectedValue` (size of offsets),
        ///   `.truncated` when the superblock or the file is shorter than declared.
        static func check(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
            let format = KerasFile.formatName
            guard starts(bytes) else {
                throw FormatError(format: format, kind: .badMagic(expected: "\\x89HDF\\r\\n\\x1a\\n", found: Array(bytes.prefix(8))),
                                  offset: 0)
            }
            guard bytes.count > 9 else { throw FormatError(format: format, kind: .truncated(needed: 10, available: bytes.count), offset: 8) }
            let version = bytes[8]
            let (sizeAt, eofField): (Int, (Int) -> Int) = switch version {
            case 0: (13, { 24 + 2 * $0 })
            case 1: (13, { 28 + 2 * $0 })
            case 2, 3: (9, { 12 + 2 * $0 })
            default: (-1, { _ in 0 })
            }
            guard sizeAt > 0 else {
                throw FormatError(format: format, kind: .unsupportedVersion(field: "superblock version", found: "\(version)",
                                                                            supported: "0 to 3 are"), offset: 8)
            }
            guard sizeAt < bytes.count else {
                throw FormatError(format: format, kind: .truncated(needed: sizeAt + 1, available: bytes.count), offset: sizeAt)
            }
            let width = Int(bytes[sizeAt])
            guard [2, 4, 8].contains(width) else {
                throw FormatError(format: format, kind: .unexpectedValue(field: "size of offsets", expected: "2, 4 or 8", found: "\(width)"),
                                  offset: sizeAt)
            }
            let at = eofField(width)
            guard at + width <= bytes.count else {
                throw FormatError(format: format, kind: .truncated(needed: at + width, available: bytes.count), offset: at)
            }
            var eof: UInt64 = 0
            for i in (0..<width).reversed() { eof = eof << 8 | UInt64(bytes[at + i]) }
            guard eof <= UInt64(bytes.count) else {
                let needed = eof > UInt64(Int.max) ? Int.max : Int(eof)
                throw FormatError(format: format, kind: .truncated(needed: needed, available: bytes.count), offset: at)
            }
        }
    }
}
