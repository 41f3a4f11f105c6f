// A zip archive's central directory and local headers (PKWARE APPNOTE 6.3, 4.3.7, 4.3.12):
//
//   archive        = *( local_header data [data_descriptor] ) central_directory end_records
//   local_header   = sig 0x04034b50, u16 needed, u16 flags, u16 method, u16 time, u16 date,
//                    u32 crc, u32 csize, u32 usize, u16 name_len, u16 extra_len, name, extra
//   central_header = sig 0x02014b50, u16 made-by, u16 needed, u16 flags, u16 method,
//                    u16 time, u16 date, u32 crc, u32 csize, u32 usize, u16 name_len,
//                    u16 extra_len, u16 comment_len, u16 disk, u16 internal attrs,
//                    u32 external attrs, u32 local header offset, name, extra, comment
//   zip64 extra    = u16 0x0001, u16 size, then only the fields whose 32-bit value is
//                    0xFFFFFFFF, in this order: u64 usize, u64 csize, u64 local offset, u32 disk
//
// The central directory is authoritative for sizes (a local header may hold zeros with a
// data descriptor); the local header's own name and extra lengths say where data starts.

/// The members of a zip archive, read from its central directory.
package struct ZipDirectory: Sendable {
    /// Members in central directory order.
    let entries: [ZipEntry]
    /// File offset of the central directory: members' data must end before it.
    let start: Int

    /// Reads the end records and every central directory header of `bytes`.
    /// - Throws: `FormatError` `.truncated`, `.badMagic` (a header's signature) or
    ///   `.malformedHeader`, with the header's offset;
    ///   `.badMember` (names, duplicates, a member past the ratio cap); `.overBudget` (members
    ///   inflating past `inflatedBudget` together).
    init(_ bytes: UnsafeRawBufferPointer) throws(FormatError) {
        let end = try ZipEndRecord(bytes)
        var entries: [ZipEntry] = []
        entries.reserveCapacity(min(end.entryCount, end.directory.count / 46))
        var names = Set<String>()
        var cursor = end.directory.lowerBound
        let budget = Self.inflatedBudget(fileSize: bytes.count)
        var inflated = 0
        for _ in 0..<end.entryCount {
            let entry = try Self.entry(bytes, at: &cursor, limit: end.directory.upperBound)
            try Self.check(entry)
            let (sum, overflow) = inflated.addingReportingOverflow(entry.uncompressedSize)
            inflated = overflow ? Int.max : sum
            guard inflated <= budget else {
                throw FormatError(format: NPZFile.formatName,
                                  kind: .overBudget("members' bytes once inflated (\(Self.maxRatio) × the file + 1 MiB)", limit: budget),
                                  tensor: entry.name, offset: entry.centralHeaderOffset)
            }
            guard names.insert(entry.name).inserted else {
                throw FormatError(format: NPZFile.formatName, kind: .badMember("duplicate member '\(entry.name)'"),
                                  tensor: entry.name, offset: entry.centralHeaderOffset)
            }
            entries.append(entry)
        }
        self.entries = entries
        self.start = end.directory.lowerBound
    }

    /// Members inflating to more than this many bytes must not exceed `maxRatio`.
    package static let bombFloor = 1 << 20
    /// The highest compression ratio allowed a member over `bombFloor` bytes: weights
    /// compress ~1.1:1; a member at deflate's limit (1032:1) is a zip bomb, not a tensor.
    package static let maxRatio = 100

    /// Bytes all members may inflate to together: `maxRatio` × the file + `bombFloor`. The
    /// ratio cap spares members under `bombFloor`, so without a total a file of thousands of
    /// 1 KiB members that each inflate to 1 MiB would ask for 1000 × its size.
    static func inflatedBudget(fileSize size: Int) -> Int {
        let (scaled, overflow) = size.multipliedReportingOverflow(by: maxRatio)
        return overflow ? Int.max : scaled + bombFloor
    }

    /// Refuses members no weight file needs: absolute names or names with a `..` component
    /// (never extracted, but a sign of a crafted archive) and deflated members whose declared
    /// size is past `maxRatio` times their compressed size.
    private static func check(_ entry: ZipEntry) throws(FormatError) {
        let components = entry.name.split(separator: "/", omittingEmptySubsequences: false)
        if entry.name.hasPrefix("/") || entry.name.contains("\\") || components.contains("..") {
            throw FormatError(format: NPZFile.formatName, kind: .badMember("name '\(entry.name)' is absolute or has a '..' component"),
                              tensor: entry.name, offset: entry.centralHeaderOffset)
        }
        let (bound, overflow) = max(entry.compressedSize, 1).multipliedReportingOverflow(by: maxRatio)
        if entry.method == 8, entry.uncompressedSize > bombFloor, !overflow, entry.uncompressedSize > bound {
            throw FormatError(format: NPZFile.formatName,
                              kind: .badMember("declares \(entry.uncompressedSize) bytes from \(entry.compressedSize) compressed, past the \(maxRatio):1 cap (a zip bomb)"),
                              tensor: entry.name, offset: entry.centralHeaderOffset)
        }
    }

    /// Reads the central header at `cursor` and moves `cursor` past it.
    private static func entry(_ bytes: UnsafeRawBufferPointer, at cursor: inout Int, limit: Int)
        throws(FormatError) -> ZipEntry {
        let at = cursor
        let format = NPZFile.formatName
        guard at + 46 <= limit else {
            throw FormatError(format: format, kind: .truncated(needed: at + 46, available: limit), offset: at)
        }
        guard bytes.littleEndian(UInt32.self, at: at) == 0x0201_4b50 else {
            throw FormatError(format: format, kind: .badMagic(expected: "PK\\x01\\x02", found: Array(bytes[at..<at + 4])),
                              offset: at)
        }
        let u16 = { (field: Int) in bytes.littleEndian(UInt16.self, at: at + field)! }
        let u32 = { (field: Int) in bytes.littleEndian(UInt32.self, at: at + field)! }
        let nameLength = Int(u16(28)), extraLength = Int(u16(30)), commentLength = Int(u16(32))
        let next = at + 46 + nameLength + extraLength + commentLength
        guard next <= limit else {
            throw FormatError(format: format, kind: .truncated(needed: next, available: limit), offset: at)
        }
        let nameBytes = bytes.slice(at + 46..<at + 46 + nameLength)!
        guard let name = String(validating: nameBytes, as: UTF8.self) else {
            throw FormatError(format: format, kind: .badMember("name is not UTF-8"), offset: at + 46)
        }
        var sizes = [UInt64(u32(24)), UInt64(u32(20)), UInt64(u32(42))]   // usize, csize, local offset
        let extra = bytes.slice(at + 46 + nameLength..<at + 46 + nameLength + extraLength)!
        guard applyZip64(extra, to: &sizes) else {
            throw FormatError(format: format, kind: .malformedHeader("Zip64 extra field missing or too short"),
                              tensor: name, offset: at)
        }
        guard let usize = Int(exactly: sizes[0]), let csize = Int(exactly: sizes[1]),
              let local = Int(exactly: sizes[2]) else {
            throw FormatError(format: format, kind: .overflow(field: "Zip64 size or offset"), tensor: name, offset: at)
        }
        cursor = next
        return ZipEntry(name: name, flags: u16(8), method: u16(10), crc32: u32(16), compressedSize: csize,
                        uncompressedSize: usize, localHeaderOffset: local, centralHeaderOffset: at)
    }

    /// Replaces the 0xFFFFFFFF values of `sizes` (usize, csize, local offset) with those of
    /// the Zip64 extra field in `extra`. False when one is 0xFFFFFFFF and the field lacks it.
    private static func applyZip64(_ extra: UnsafeRawBufferPointer, to sizes: inout [UInt64]) -> Bool {
        let marker: UInt64 = 0xFFFF_FFFF
        guard sizes.contains(marker) else { return true }
        var block = 0
        while let id = extra.littleEndian(UInt16.self, at: block), let size = extra.littleEndian(UInt16.self, at: block + 2) {
            let data = block + 4
            block = data + Int(size)
            guard id == 0x0001, block <= extra.count else { continue }
            var field = data
            for index in sizes.indices where sizes[index] == marker {
                guard field + 8 <= block, let value = extra.littleEndian(UInt64.self, at: field) else { return false }
                sizes[index] = value
                field += 8
            }
            return true
        }
        return false
    }

    /// The file range of `entry`'s data, from its local header.
    /// - Throws: `FormatError` `.truncated` (header or data past the central directory) or
    ///   `.badMember` (bad signature, a name differing from the central directory's).
    func dataRange(of entry: ZipEntry, in bytes: UnsafeRawBufferPointer) throws(FormatError) -> Range<Int> {
        let at = entry.localHeaderOffset
        func failure(_ kind: FormatError.Kind) -> FormatError {
            FormatError(format: NPZFile.formatName, kind: kind, tensor: entry.name, offset: at)
        }
        guard at <= start - 30 else { throw failure(.truncated(needed: at + 30, available: start)) }
        guard bytes.littleEndian(UInt32.self, at: at) == 0x0403_4b50 else {
            throw failure(.badMember("bad local header signature"))
        }
        let nameLength = Int(bytes.littleEndian(UInt16.self, at: at + 26)!)
        let extraLength = Int(bytes.littleEndian(UInt16.self, at: at + 28)!)
        let dataStart = at + 30 + nameLength + extraLength
        guard dataStart <= start, entry.compressedSize <= start - dataStart else {
            let (needed, overflow) = dataStart.addingReportingOverflow(entry.compressedSize)
            throw failure(.truncated(needed: overflow ? Int.max : needed, available: start))
        }
        guard bytes.slice(at + 30..<at + 30 + nameLength)!.elementsEqual(entry.name.utf8) else {
            throw failure(.badMember("local header name differs from the central directory's"))
        }
        return dataStart..<dataStart + entry.compressedSize
    }
}
