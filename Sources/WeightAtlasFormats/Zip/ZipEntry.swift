/// One member of a zip archive as its central directory header describes it (Zip64 sizes
/// and offsets already substituted).
struct ZipEntry: Sendable, Equatable {
    /// The member's name (a path with `/` separators).
    var name: String
    /// General-purpose flags (bit 0: encrypted; bit 3: sizes in a data descriptor).
    var flags: UInt16
    /// Compression method (0 stored, 8 deflated).
    var method: UInt16
    /// CRC-32 of the uncompressed bytes.
    var crc32: UInt32
    /// Bytes of data in the archive.
    var compressedSize: Int
    /// Bytes once decompressed.
    var uncompressedSize: Int
    /// File offset of the member's local header.
    var localHeaderOffset: Int
    /// File offset of the member's central directory header (for errors).
    var centralHeaderOffset: Int

    /// True when the member is encrypted (traditional or strong encryption).
    var isEncrypted: Bool { flags & 0x0001 != 0 || flags & 0x0040 != 0 }
}
