/// A PNG row filter (PNG spec §9): what each row stores instead of its raw bytes.
public enum PNGRowFilter: String, Sendable, CaseIterable {
    /// Type 0: the bytes as they are.
    case none
    /// Type 1: each byte minus the byte one pixel to the left.
    case sub
    /// Type 2: each byte minus the byte above.
    case up
    /// Type 3: each byte minus the mean of left and above.
    case average
    /// Type 4: each byte minus the Paeth predictor of left, above and upper-left.
    case paeth
    /// Per row, the type among 0…4 whose output has the smallest sum of |signed bytes|
    /// (libpng's heuristic).
    case adaptive

    /// The PNG filter-type byte (adaptive has none of its own).
    var typeByte: UInt8 {
        switch self {
        case .none: 0
        case .sub: 1
        case .up: 2
        case .average: 3
        case .paeth: 4
        case .adaptive: 0
        }
    }

    /// Writes the filter-type byte and the filtered `count` bytes of `row` to `out`
    /// (`count + 1` bytes); `above` is the previous row, or nil for the first row.
    /// `bpp` is bytes per pixel. `scratch` (`count + 1` bytes) is used by `.adaptive`.
    static func apply(_ filter: PNGRowFilter, row: UnsafePointer<UInt8>, above: UnsafePointer<UInt8>?, count: Int,
                      bpp: Int, out: UnsafeMutablePointer<UInt8>, scratch: UnsafeMutablePointer<UInt8>) {
        guard filter == .adaptive else { return encode(filter, row, above, count, bpp, out) }
        var best = Int.max
        for candidate in [PNGRowFilter.none, .sub, .up, .average, .paeth] {
            encode(candidate, row, above, count, bpp, scratch)
            let cost = absoluteSum(scratch + 1, count, limit: best)
            if cost < best {
                best = cost
                out.update(from: scratch, count: count + 1)
            }
        }
    }

    /// Sum of the bytes read as signed magnitudes, stopping once past `limit`.
    private static func absoluteSum(_ bytes: UnsafePointer<UInt8>, _ count: Int, limit: Int) -> Int {
        var sum = 0
        var i = 0
        while i < count {
            let end = min(count, i + 4096)
            while i < end {
                let v = Int(Int8(bitPattern: bytes[i]))
                sum += v < 0 ? -v : v
                i += 1
            }
            if sum >= limit { return sum }
        }
        return sum
    }

    private static func encode(_ filter: PNGRowFilter, _ row: UnsafePointer<UInt8>, _ above: UnsafePointer<UInt8>?,
                               _ count: Int, _ bpp: Int, _ out: UnsafeMutablePointer<UInt8>) {
        out[0] = filter.typeByte
        let o = out + 1
        let left = min(bpp, count)
        switch (filter, above) {
        case (.none, _), (.adaptive, _), (.up, nil):
            o.update(from: row, count: count)
        case (.sub, _), (.paeth, nil):
            o.update(from: row, count: left)
            for i in left..<count { o[i] = row[i] &- row[i - bpp] }
        case (.up, let above?):
            for i in 0..<count { o[i] = row[i] &- above[i] }
        case (.average, nil):
            o.update(from: row, count: left)
            for i in left..<count { o[i] = row[i] &- row[i - bpp] >> 1 }
        case (.average, let above?):
            for i in 0..<left { o[i] = row[i] &- above[i] >> 1 }
            for i in left..<count { o[i] = row[i] &- UInt8((UInt16(row[i - bpp]) + UInt16(above[i])) >> 1) }
        case (.paeth, let above?):
            for i in 0..<left { o[i] = row[i] &- above[i] }
            for i in left..<count { o[i] = row[i] &- paeth(row[i - bpp], above[i], above[i - bpp]) }
        }
    }

    /// The Paeth predictor: whichever of a (left), b (above), c (upper left) is nearest a + b − c.
    @inline(__always)
    static func paeth(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> UInt8 {
        let p = Int(a) + Int(b) - Int(c)
        let pa = abs(p - Int(a)), pb = abs(p - Int(b)), pc = abs(p - Int(c))
        return pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
    }
}
