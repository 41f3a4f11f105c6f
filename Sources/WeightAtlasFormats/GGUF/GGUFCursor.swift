/// Reads a GGUF header front to back: every read is checked against the end of the file and
/// every failure names the byte offset where the offending field starts.
struct GGUFCursor {
    /// The whole file.
    let bytes: UnsafeRawBufferPointer
    /// Offset of the next unread byte.
    var offset: Int

    /// A cursor at `offset` of `bytes`.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    /// Bytes left after the cursor.
    var remaining: Int { bytes.count - offset }

    /// An error of `kind` at `offset` (the cursor's position by default).
    func error(_ kind: FormatError.Kind, at offset: Int? = nil, tensor: String? = nil) -> FormatError {
        FormatError(format: GGUFFile.formatName, kind: kind, tensor: tensor, offset: offset ?? self.offset)
    }

    /// The little-endian integer at the cursor; the cursor moves past it.
    /// - Throws: `.truncated` when the file ends first.
    mutating func read<T: FixedWidthInteger>(_ type: T.Type) throws(FormatError) -> T {
        guard let value = bytes.littleEndian(T.self, at: offset) else {
            throw error(.truncated(needed: offset + MemoryLayout<T>.size, available: bytes.count))
        }
        offset += MemoryLayout<T>.size
        return value
    }

    /// A u64 that must fit Int (a count or a size).
    /// - Throws: `.truncated`, or `.overflow` naming `field` when it exceeds Int.max.
    mutating func readCount(_ field: String) throws(FormatError) -> Int {
        let start = offset
        let value = try read(UInt64.self)
        guard value <= UInt64(Int.max) else { throw error(.overflow(field: "\(field) \(value)"), at: start) }
        return Int(value)
    }

    /// `string = length:u64 bytes[length]`, decoded as UTF-8 (invalid bytes become U+FFFD).
    /// - Throws: `.truncated` when the declared length runs past the end of the file.
    mutating func string() throws(FormatError) -> String {
        let start = offset
        let length = try read(UInt64.self)
        guard length <= UInt64(remaining) else {
            let (end, overflow) = UInt64(offset).addingReportingOverflow(length)
            throw error(.truncated(needed: overflow || end > UInt64(Int.max) ? Int.max : Int(end), available: bytes.count),
                        at: start)
        }
        let text = String(decoding: bytes[offset..<offset + Int(length)], as: UTF8.self)
        offset += Int(length)
        return text
    }

    /// Checks that `count` items of at least `minimumSize` bytes each can fit in what is left.
    /// - Throws: `.countExceedsData` saying what `what` declares and what the file can hold.
    func checkCount(_ count: UInt64, minimumSize: Int, what: String, at start: Int) throws(FormatError) {
        let fits = UInt64(remaining / max(1, minimumSize))
        guard count <= fits else {
            throw error(.countExceedsData(field: what, count: count, remaining: remaining, fits: fits), at: start)
        }
    }
}
