// The end of a zip archive (PKWARE APPNOTE 6.3, sections 4.3.14–4.3.16):
//
//   [zip64 end of central directory record]   sig 0x06064b50, u64 size of the rest,
//                                             u16 made-by, u16 needed, u32 disk, u32 cd disk,
//                                             u64 entries on disk, u64 entries, u64 cd size,
//                                             u64 cd offset
//   [zip64 end of central directory locator]  sig 0x07064b50, u32 disk, u64 record offset,
//                                             u32 disks       (20 bytes, just before the EOCD)
//   end of central directory record           sig 0x06054b50, u16 disk, u16 cd disk,
//                                             u16 entries on disk, u16 entries, u32 cd size,
//                                             u32 cd offset, u16 comment length, comment
//
// The EOCD is found by searching backwards over the last 65 535 + 22 bytes. Where the
// locator is present its record's values replace the EOCD's (which are then 0xFFFF…).

/// Where a zip archive's central directory lies and how many entries it holds.
struct ZipEndRecord: Sendable, Equatable {
    /// Number of central directory entries.
    var entryCount: Int
    /// File range of the central directory.
    var directory: Range<Int>

    /// Finds and reads the end records of the archive `bytes`.
    /// - Throws: `FormatError` `.truncated` (no room for the records, or a central directory
    ///   that runs past them) `.missingField` (no EOCD) or `.malformedHeader` (bad Zip64 record, several disks).
    init(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
        let format = NPZFile.formatName
        guard bytes.count >= 22 else {
            throw FormatError(format: format, kind: .truncated(needed: 22, available: bytes.count), offset: 0)
        }
        guard let eocd = Self.locate(bytes) else {
            throw FormatError(format: format, kind: .missingField("end of central directory record"),
                              offset: bytes.count)
        }
        let read16 = { (at: Int) in Int(bytes.littleEndian(UInt16.self, at: eocd + at)!) }
        let read32 = { (at: Int) in UInt64(bytes.littleEndian(UInt32.self, at: eocd + at)!) }
        guard read16(4) == 0, read16(6) == 0 else {
            throw FormatError(format: format, kind: .malformedHeader("multi-disk archives are not supported"),
                              offset: eocd)
        }
        var entries = UInt64(read16(10)), size = read32(12), start = read32(16)
        var limit = eocd
        if eocd >= 20, bytes.littleEndian(UInt32.self, at: eocd - 20) == 0x0706_4b50 {
            let record = try Self.zip64Record(bytes, locator: eocd - 20)
            (entries, size, start) = (record.entries, record.size, record.start)
            limit = record.offset
        }
        guard start <= UInt64(limit), size <= UInt64(limit) - start else {
            let (sum, overflow) = start.addingReportingOverflow(size)   // both may be past Int (Zip64; found by Fuzz/NPZ)
            let needed = overflow || sum > UInt64(Int.max) ? Int.max : Int(sum)
            throw FormatError(format: format, kind: .truncated(needed: needed, available: limit),
                              offset: Int(min(start, UInt64(limit))))
        }
        guard entries <= size / 46 else {
            throw FormatError(format: format,
                              kind: .truncated(needed: Int(min(entries, 1 << 40)) * 46, available: Int(size)),
                              offset: Int(start))
        }
        entryCount = Int(entries)
        directory = Int(start)..<Int(start + size)
    }

    /// The offset of the last EOCD signature whose comment fits the file, if any.
    private static func locate(_ bytes: UnsafeRawBufferPointer) -> Int? {
        let last = bytes.count - 22
        for candidate in stride(from: last, through: max(0, last - 65_535), by: -1)
        where bytes.littleEndian(UInt32.self, at: candidate) == 0x0605_4b50 {
            let comment = Int(bytes.littleEndian(UInt16.self, at: candidate + 20)!)
            if candidate + 22 + comment <= bytes.count { return candidate }
        }
        return nil
    }

    /// The entry count, size and start of the central directory from the Zip64 record the
    /// locator at `locator` points to, and the record's own offset.
    private static func zip64Record(_ bytes: UnsafeRawBufferPointer, locator: Int)
        throws(FormatError) -> (entries: UInt64, size: UInt64, start: UInt64, offset: Int) {
        let bad = { (why: String, offset: Int) in
            FormatError(format: NPZFile.formatName, kind: .malformedHeader(why), offset: offset)
        }
        guard let declared = bytes.littleEndian(UInt64.self, at: locator + 8), declared <= UInt64(locator),
              let offset = Optional(Int(declared)), offset + 56 <= locator,
              bytes.littleEndian(UInt32.self, at: offset) == 0x0606_4b50
        else { throw bad("Zip64 locator does not point at a Zip64 end record", locator) }
        guard bytes.littleEndian(UInt32.self, at: offset + 16) == 0,
              bytes.littleEndian(UInt32.self, at: offset + 20) == 0 else {
            throw bad("multi-disk archives are not supported", offset)
        }
        return (bytes.littleEndian(UInt64.self, at: offset + 32)!, bytes.littleEndian(UInt64.self, at: offset + 40)!,
                bytes.littleEndian(UInt64.self, at: offset + 48)!, offset)
    }
}
