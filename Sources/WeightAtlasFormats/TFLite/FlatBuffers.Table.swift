extension FlatBuffers {
    /// One table: its fields found through its vtable, each read with bounds checks.
    struct Table {
        /// The reader of the buffer.
        let reader: Reader
        /// Offset of the table (its soffset).
        let position: Int
        /// Offset of its vtable.
        let vtable: Int
        /// Fields the vtable lists.
        let fieldCount: Int
        /// The table's size in bytes, as the vtable declares it.
        let size: Int

        /// Offset of field `index` (of `width` bytes), or nil when absent.
        /// - Throws: `.malformedHeader` when the field lies past the table's declared size.
        func field(_ index: Int, width: Int) throws(FormatError) -> Int? {
            guard index < fieldCount else { return nil }
            let offset = Int(reader.bytes.littleEndian(UInt16.self, at: vtable + 4 + 2 * index)!)
            guard offset != 0 else { return nil }
            guard offset >= 4, offset + width <= size else {
                throw reader.failure("field \(index) at table offset \(offset) past the table's \(size) bytes", at: vtable + 4 + 2 * index)
            }
            return position + offset
        }

        /// Scalar field `index` (little-endian), or `fallback` when absent.
        func scalar<T: FixedWidthInteger>(_ index: Int, _ fallback: T) throws(FormatError) -> T {
            guard let at = try field(index, width: MemoryLayout<T>.size) else { return fallback }
            return reader.bytes.littleEndian(T.self, at: at)!
        }

        /// Table field `index`, or nil when absent.
        func table(_ index: Int) throws(FormatError) -> Table? {
            guard let at = try field(index, width: 4) else { return nil }
            return try reader.table(at: try reader.follow(at))
        }

        /// Vector field `index` of `elementSize`-byte elements, or nil when absent.
        func vector(_ index: Int, elementSize: Int) throws(FormatError) -> Vector? {
            guard let at = try field(index, width: 4) else { return nil }
            return try reader.vector(at: at, elementSize: elementSize)
        }

        /// String field `index` (UTF-8, invalid sequences replaced), or nil when absent.
        func string(_ index: Int) throws(FormatError) -> String? {
            guard let vector = try vector(index, elementSize: 1) else { return nil }
            return String(decoding: reader.bytes.slice(vector.range)!, as: UTF8.self)
        }

        /// The tables of vector field `index` (empty when absent).
        func tables(_ index: Int) throws(FormatError) -> [Table] {
            guard let vector = try vector(index, elementSize: 4) else { return [] }
            var tables: [Table] = []
            tables.reserveCapacity(vector.count)
            for i in 0..<vector.count { tables.append(try reader.table(at: try reader.follow(vector.position(i)))) }
            return tables
        }

        /// The integers of vector field `index` of `T` (empty when absent).
        func integers<T: FixedWidthInteger>(_ index: Int, _ type: T.Type) throws(FormatError) -> [T] {
            guard let vector = try vector(index, elementSize: MemoryLayout<T>.size) else { return [] }
            try reader.budget.spend(vector.count, at: vector.start, format: reader.format)
            return (0..<vector.count).map { reader.bytes.littleEndian(T.self, at: vector.position($0))! }
        }

        /// The floats of vector field `index` (empty when absent).
        func floats(_ index: Int) throws(FormatError) -> [Float] {
            try integers(index, UInt32.self).map { Float(bitPattern: $0) }
        }
    }
}
