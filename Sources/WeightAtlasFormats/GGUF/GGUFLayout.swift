/// The data section of a GGUF file as its tensor infos claim it: every tensor inside the
/// file, no two overlapping. (Padding between tensors is allowed; ggml writes it.)
struct GGUFLayout: Sendable {
    /// File offset of the data section: the end of the tensor infos, aligned up.
    let dataStart: Int
    /// Bytes from `dataStart` to the end of the file.
    let dataSize: Int

    /// The data section that starts at `infoEnd` aligned up to `alignment`, in a file of `fileSize` bytes.
    /// - Throws: `.overflow` when aligning overflows; `.truncated` when the file ends before
    ///   the data section starts and there are tensors to hold.
    init(infoEnd: Int, alignment: Int, fileSize: Int, hasTensors: Bool) throws(FormatError) {
        let (padded, overflow) = infoEnd.addingReportingOverflow(alignment - 1)
        guard !overflow else {
            throw FormatError(format: GGUFFile.formatName, kind: .overflow(field: "data section start"), offset: infoEnd)
        }
        dataStart = padded / alignment * alignment
        if hasTensors && dataStart > fileSize {
            throw FormatError(format: GGUFFile.formatName, kind: .truncated(needed: dataStart, available: fileSize),
                              offset: infoEnd)
        }
        dataSize = max(0, fileSize - dataStart)
    }

    /// Checks every entry's bytes against the data section and each other.
    /// - Throws: `.tensorOutOfBounds` (range relative to the data section; at the tensor
    ///   info) or `.overlappingTensors` (at the first shared byte).
    func validate(_ entries: [GGUFTensorEntry]) throws(FormatError) {
        for entry in entries {
            let (end, overflow) = entry.offset.addingReportingOverflow(entry.size)
            guard !overflow, end <= dataSize else {
                throw FormatError(format: GGUFFile.formatName,
                                  kind: .tensorOutOfBounds(start: entry.offset, count: entry.size, available: dataSize),
                                  tensor: entry.name, offset: entry.infoOffset)
            }
        }
        let ordered = entries.filter { $0.size > 0 }.sorted { ($0.offset, $0.infoOffset) < ($1.offset, $1.infoOffset) }
        var furthest: GGUFTensorEntry?   // the entry reaching furthest so far
        for entry in ordered {
            if let other = furthest, entry.offset < other.offset + other.size {
                throw FormatError(format: GGUFFile.formatName, kind: .overlappingTensors(other: other.name),
                                  tensor: entry.name, offset: dataStart + entry.offset)
            }
            if furthest.map({ $0.offset + $0.size < entry.offset + entry.size }) ?? true { furthest = entry }
        }
    }
}
