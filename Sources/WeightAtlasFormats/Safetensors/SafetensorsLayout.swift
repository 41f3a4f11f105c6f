/// The data section of a safetensors file as its entries claim it: checks that every range
/// lies inside it, no two overlap, and together they cover it exactly.
struct SafetensorsLayout: Sendable {
    /// Entries ordered by data offset (ties keep header order).
    let ordered: [SafetensorsEntry]
    /// File offset of the data section (8 + header size).
    let dataStart: Int
    /// Bytes in the data section (the rest of the file).
    let dataSize: Int

    /// Orders `entries` by their offsets in the data section starting at file offset `dataStart`.
    init(entries: [SafetensorsEntry], dataStart: Int, dataSize: Int) {
        self.ordered = entries.enumerated().sorted { a, b in
            (a.element.begin, a.element.end, a.offset) < (b.element.begin, b.element.end, b.offset)
        }.map(\.element)
        self.dataStart = dataStart
        self.dataSize = dataSize
    }

    /// Walks the entries in data order.
    /// - Throws: `FormatError` `.tensorOutOfBounds`, `.overlappingTensors` or `.uncoveredData`,
    ///   with the file offset of the offending bytes. Ranges in the kinds are relative to the
    ///   data section.
    func validate() throws(FormatError) {
        var covered = 0
        var previous: SafetensorsEntry?
        for entry in ordered {
            func failure(_ kind: FormatError.Kind, at offset: Int) -> FormatError {
                FormatError(format: SafetensorsFile.formatName, kind: kind, tensor: entry.name, offset: dataStart + offset)
            }
            guard entry.end <= dataSize else {
                throw failure(.tensorOutOfBounds(range: entry.begin..<entry.end, available: dataSize), at: entry.begin)
            }
            if entry.begin < covered, let previous {
                throw failure(.overlappingTensors(other: previous.name), at: entry.begin)
            }
            if entry.begin > covered {
                throw failure(.uncoveredData(range: covered..<entry.begin), at: covered)
            }
            covered = max(covered, entry.end)
            if entry.end > entry.begin { previous = entry }
        }
        guard covered == dataSize else {
            throw FormatError(format: SafetensorsFile.formatName, kind: .uncoveredData(range: covered..<dataSize),
                              offset: dataStart + covered)
        }
    }
}
