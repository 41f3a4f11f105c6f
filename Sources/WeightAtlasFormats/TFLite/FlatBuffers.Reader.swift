// FlatBuffers binary format (flatbuffers.dev, "FlatBuffers internals"), little-endian:
//
//   buffer  = root:uoffset [file_identifier:4 bytes] ...
//   uoffset = u32, counted forward from where it is stored
//   table   = soffset:i32 (vtable = table − soffset)  fields...
//   vtable  = vtable_size:u16  table_size:u16  field_offset:u16 * n   (0 = field absent;
//             a field at table + field_offset; fields past the vtable are absent)
//   vector  = length:u32  elements (scalars inline; tables and strings as uoffsets)
//   string  = vector of bytes, then a 0 byte
//
// Everything lies inside the buffer: a table, vtable, field or vector past its end is
// `.truncated`; a vtable that is too short, odd, or names a field past the table's size is
// `.malformedHeader`. Errors carry the offset of the structure concerned. Every table read
// and vector element read counts against the reader's `Budget` (the file's size + 64 Ki).

extension FlatBuffers {
    /// Checked access to the structures of one FlatBuffers buffer (the whole file).
    struct Reader {
        /// The whole buffer: offsets are file offsets.
        let bytes: UnsafeRawBufferPointer
        /// Format name for errors.
        let format: String
        /// Reads left to this reader and its copies.
        let budget: Budget

        /// A reader of `bytes`, with a budget of reads for its size.
        init(bytes: UnsafeRawBufferPointer, format: String) {
            self.bytes = bytes
            self.format = format
            self.budget = Budget(limit: Budget.limit(forSize: bytes.count))
        }

        /// The root table (uoffset at byte 0).
        func root() throws(FormatError) -> Table {
            try table(at: try follow(0))
        }

        /// The target of the uoffset stored at `position`.
        /// - Throws: `.truncated` when the offset or its target lies past the end.
        func follow(_ position: Int) throws(FormatError) -> Int {
            let offset = try u32(at: position)
            let target = position + Int(offset)
            guard target < bytes.count else {
                throw FormatError(format: format, kind: .truncated(needed: target + 1, available: bytes.count), offset: position)
            }
            return target
        }

        /// The table at `position`, with its vtable checked.
        /// - Throws: `.malformedHeader`, `.truncated`, or `.overBudget` past the read budget.
        func table(at position: Int) throws(FormatError) -> Table {
            try budget.spend(1, at: position, format: format)
            let soffset = Int(Int32(bitPattern: try u32(at: position)))
            let vtable = position - soffset
            guard vtable >= 0, vtable <= bytes.count - 4 else {
                throw failure("vtable at \(vtable) outside the buffer", at: position)
            }
            let vtableSize = Int(bytes.littleEndian(UInt16.self, at: vtable)!)
            let tableSize = Int(bytes.littleEndian(UInt16.self, at: vtable + 2)!)
            guard vtableSize >= 4, vtableSize % 2 == 0, vtable + vtableSize <= bytes.count else {
                throw failure("vtable size \(vtableSize)", at: vtable)
            }
            guard tableSize >= 4, tableSize <= bytes.count - position else {
                throw FormatError(format: format, kind: .truncated(needed: position + tableSize, available: bytes.count), offset: position)
            }
            return Table(reader: self, position: position, vtable: vtable, fieldCount: (vtableSize - 4) / 2, size: tableSize)
        }

        /// The vector whose uoffset is stored at `position`: its first element and length,
        /// checked to fit with `elementSize`-byte elements.
        func vector(at position: Int, elementSize: Int) throws(FormatError) -> Vector {
            let start = try follow(position)
            let count = Int(try u32(at: start))
            let (length, overflow) = count.multipliedReportingOverflow(by: elementSize)
            guard !overflow, length <= bytes.count - start - 4 else {
                throw FormatError(format: format, kind: .truncated(needed: overflow ? Int.max : start + 4 + length,
                                                                   available: bytes.count), offset: start)
            }
            return Vector(start: start + 4, count: count, elementSize: elementSize)
        }

        /// The u32 at `position`.
        func u32(at position: Int) throws(FormatError) -> UInt32 {
            guard let value = bytes.littleEndian(UInt32.self, at: position) else {
                throw FormatError(format: format, kind: .truncated(needed: max(position, 0) + 4, available: bytes.count),
                                  offset: position)
            }
            return value
        }

        /// A `.malformedHeader` error at `offset`.
        func failure(_ why: String, at offset: Int) -> FormatError {
            FormatError(format: format, kind: .malformedHeader(why), offset: offset)
        }
    }

    /// A vector's elements: `count` of `elementSize` bytes from `start`.
    struct Vector {
        /// Offset of element 0.
        let start: Int
        /// Number of elements.
        let count: Int
        /// Bytes per element.
        let elementSize: Int

        /// Offset of element `index`.
        func position(_ index: Int) -> Int { start + index * elementSize }
        /// The bytes of all elements.
        var range: Range<Int> { start..<start + count * elementSize }
    }
}
