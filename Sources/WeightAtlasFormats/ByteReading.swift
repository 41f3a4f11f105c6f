/// Bounds-checked little-endian reads from a mapped file, shared by the readers.
extension UnsafeRawBufferPointer {
    /// The little-endian integer of type `T` at `offset`, or nil when it does not fit the buffer.
    func littleEndian<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T? {
        guard offset >= 0, offset <= count - MemoryLayout<T>.size else { return nil }
        return T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// The bytes `range` as a buffer of their own (no copy), or nil when `range` leaves the buffer.
    func slice(_ range: Range<Int>) -> UnsafeRawBufferPointer? {
        guard range.lowerBound >= 0, range.upperBound <= count else { return nil }
        return UnsafeRawBufferPointer(rebasing: self[range])
    }
}
