/// Opcode operands: integers, lengths, strings and GLOBAL's text lines, all bounds-checked.
extension PickleMachine {
    /// The next byte.
    mutating func readByte() throws(FormatError) -> UInt8 {
        guard position < data.count else { throw truncated(position + 1) }
        defer { position += 1 }
        return data[position]
    }

    /// The next little-endian `T`.
    mutating func readInteger<T: FixedWidthInteger>(_ type: T.Type) throws(FormatError) -> T {
        guard let value = data.littleEndian(T.self, at: position) else {
            throw truncated(position + MemoryLayout<T>.size)
        }
        position += MemoryLayout<T>.size
        return value
    }

    /// A length operand of type `T`, checked to fit in the bytes that remain.
    mutating func length<T: FixedWidthInteger>(_ type: T.Type) throws(FormatError) -> Int {
        let declared = try readInteger(T.self)
        guard let count = Int(exactly: declared), count <= data.count - position else {
            let needed = Int(exactly: declared).map { $0.addingReportingOverflow(position) }
            throw truncated(needed.map { $0.overflow ? Int.max : $0.partialValue } ?? Int.max)
        }
        return count
    }

    /// Skips `count` bytes (checked) and returns `count`.
    mutating func skip(_ count: Int) throws(FormatError) -> Int {
        guard count <= data.count - position else { throw truncated(position + count) }
        position += count
        return count
    }

    /// `count` bytes of UTF-8 text.
    mutating func readUTF8(count: Int) throws(FormatError) -> String {
        let start = position
        _ = try skip(count)
        guard let text = String(validating: data.slice(start..<start + count)!, as: UTF8.self) else {
            throw fail(.malformedPickle("string is not UTF-8"))
        }
        return text
    }

    /// `count` bytes of Latin-1 text (Python 2 `str`).
    mutating func readLatin1(count: Int) throws(FormatError) -> String {
        let start = position
        _ = try skip(count)
        return String(String.UnicodeScalarView(data.slice(start..<start + count)!.map { Unicode.Scalar($0) }))
    }

    /// A LONG1/LONG4 integer of `count` little-endian two's-complement bytes.
    mutating func readLong(count: Int) throws(FormatError) -> PickleValue {
        let start = position
        _ = try skip(count)
        let bytes = Array(data.slice(start..<start + count)!)
        guard count <= 8 else { return .bigInt(bytes) }
        var value: UInt64 = 0
        for (index, byte) in bytes.enumerated() { value |= UInt64(byte) << (8 * UInt64(index)) }
        if count > 0 && count < 8 && bytes[count - 1] & 0x80 != 0 { value |= ~0 << (8 * UInt64(count)) }
        return .int(Int(Int64(bitPattern: value)))
    }

    /// One GLOBAL operand: printable ASCII up to a newline (at most 256 bytes).
    mutating func readLine() throws(FormatError) -> String {
        let start = position
        while position < data.count, data[position] != 0x0A {
            guard data[position] >= 0x20 && data[position] < 0x7F, position - start < 256 else {
                throw fail(.malformedPickle("GLOBAL operand is not a short printable line"))
            }
            position += 1
        }
        guard position < data.count else { throw truncated(position + 1) }
        defer { position += 1 }
        return String(decoding: data.slice(start..<position)!, as: UTF8.self)
    }

    /// A truncation error: the pickle needs `needed` bytes from its start.
    func truncated(_ needed: Int) -> FormatError {
        let add = needed.addingReportingOverflow(base)
        return fail(.truncated(needed: add.overflow ? Int.max : add.partialValue, available: base + data.count))
    }
}
