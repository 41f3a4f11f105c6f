import Glibc
import Dispatch

/// One horizontal strip of rows on its way through a worker: the raw rows (with the row
/// above the strip first, for the Up, Average and Paeth filters), their filtered bytes, and
/// the strip's raw deflate blocks with their Adler-32 and IDAT CRC-32. With the None filter
/// the rows go straight into the filtered bytes behind their filter byte: no raw copy, no
/// filtering pass (the default preset's filter: a copy of every row less on the workers).
///
/// Rows wider than deflate's 32 KiB window (`repeatsAsUp`): whatever the filter, a row equal
/// to the row above it is written with Up, all zeros, which deflate to almost nothing where a
/// repeat of the row itself is out of deflate's reach (the rows `--scale` repeats in a wide
/// mosaic). Narrower rows stay as the filter makes them: deflate matches the repeat itself,
/// and zeros measured bigger there (MiniLM at --scale 4: 50.4 against 44.9 MB). The choice
/// depends on the pixels only, so the bytes stay a function of the image.
final class PNGStrip: @unchecked Sendable {
    /// Bytes per raw row.
    let rowBytes: Int
    /// Rows the strip holds at most.
    let capacity: Int
    /// Rows filled so far.
    var rows = 0
    /// The filter every row gets; with `.none` rows are appended already filtered.
    let filter: PNGRowFilter
    /// Whether the row above the strip is in row −1 (false for the image's first strip).
    var hasAbove = false
    /// Whether the strip ends the image (its deflate output then ends with the final block).
    var isLast = false
    /// Whether it takes rows (from `reset` until submitted).
    var isOpen = false
    /// Whether a worker has it (set and cleared by the submitting thread only).
    var inFlight = false
    /// Signalled by the worker when the results below are ready.
    let done = DispatchSemaphore(value: 0)

    /// Results: deflate bytes at the start of `output`, Adler-32 of the filtered bytes, and
    /// CRC-32 of "IDAT" followed by the deflate bytes.
    private(set) var compressedCount = 0
    private(set) var adler: UInt32 = 1
    private(set) var crc: UInt32 = 0
    /// Filtered bytes this strip fed to deflate.
    var filteredCount: Int { rows * (rowBytes + 1) }

    private let raw: UnsafeMutableRawBufferPointer
    private let filtered: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private let scratch: UnsafeMutableRawBufferPointer

    /// A strip of `capacity` rows of `rowBytes` for `filter` (`.adaptive` reserves a scratch row).
    init(rowBytes: Int, capacity: Int, filter: PNGRowFilter) {
        self.rowBytes = rowBytes
        self.capacity = capacity
        self.filter = filter
        repeatsAsUp = rowBytes + 1 > 32_768 - 258
        raw = .allocate(byteCount: filter == .none ? 1 : (capacity + 1) * rowBytes, alignment: 64)
        filtered = .allocate(byteCount: capacity * (rowBytes + 1), alignment: 64)
        output = .allocate(byteCount: StoredBlocks.bound(capacity * (rowBytes + 1)) + 1024, alignment: 64)
        scratch = .allocate(byteCount: filter == .adaptive ? rowBytes + 1 : 1, alignment: 64)
        above = .allocate(byteCount: filter == .none ? rowBytes : 1, alignment: 64)
    }

    deinit {
        raw.deallocate()
        filtered.deallocate()
        output.deallocate()
        scratch.deallocate()
        above.deallocate()
    }

    /// Row `index` (−1 = the row above the strip), unfiltered.
    func row(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        guard filter != .none else { return filteredRow(index) + 1 }
        return raw.baseAddress!.assumingMemoryBound(to: UInt8.self) + (index + 1) * rowBytes
    }

    /// Row `index` in the filtered bytes: its filter byte, then the row.
    private func filteredRow(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        filtered.baseAddress!.assumingMemoryBound(to: UInt8.self) + index * (rowBytes + 1)
    }

    /// Whether a row equal to the row above is written as Up: when deflate's window (32 KiB,
    /// less its longest match) cannot reach back a whole filtered row.
    let repeatsAsUp: Bool

    /// With the None filter: the last row stored as itself, which every row after it written
    /// as Up equals (−1: the row above the strip, kept in `above`); nil when there is none.
    private var lastStored: Int?
    /// With the None filter, a copy of the row above the strip (the rows themselves live
    /// filtered, where a repeated one is zeros).
    private let above: UnsafeMutableRawBufferPointer

    /// Row `index` as itself with the None filter (−1: the row above).
    private func storedRow(_ index: Int) -> UnsafeMutablePointer<UInt8> {
        index < 0 ? above.baseAddress!.assumingMemoryBound(to: UInt8.self) : filteredRow(index) + 1
    }

    /// The strip's last row, unfiltered: the row above the next strip.
    func lastRow() -> UnsafePointer<UInt8> {
        UnsafePointer(filter == .none ? storedRow(lastStored ?? -1) : row(rows - 1))
    }

    /// Appends one row.
    func append(_ bytes: UnsafeRawPointer) {
        let source = bytes.assumingMemoryBound(to: UInt8.self)
        if filter == .none {
            // The rows go in already filtered, so a repeat is found here, against the last row
            // kept as itself (the rows since, all Up, equal it).
            let out = filteredRow(rows)
            if repeatsAsUp, let last = lastStored, memcmp(storedRow(last), source, rowBytes) == 0 {
                out.pointee = PNGRowFilter.up.typeByte
                (out + 1).update(repeating: 0, count: rowBytes)
            } else {
                out.pointee = 0
                (out + 1).update(from: source, count: rowBytes)
                lastStored = rows
            }
        } else {
            row(rows).update(from: source, count: rowBytes)
        }
        rows += 1
    }

    /// Empties the strip; its row above becomes `above` (nil: the image's first row follows;
    /// the None filter keeps it only to find a first row that repeats it).
    func reset(above: UnsafePointer<UInt8>?) {
        if let above {
            (filter == .none ? storedRow(-1) : row(-1)).update(from: above, count: rowBytes)
        }
        hasAbove = above != nil
        lastStored = hasAbove && filter == .none ? -1 : nil
        rows = 0
        isLast = false
        isOpen = true
    }

    /// The deflate bytes of the last `encode`.
    var compressed: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: output[0..<compressedCount]) }

    /// Filters every row (unless they came filtered), then deflates them: igzip at
    /// `deflater`'s level, or stored blocks when there is no deflater or igzip's output would
    /// not fit.
    func encode(bytesPerPixel: Int, deflater: ISALDeflater?) {
        let out = filtered.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let work = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        for r in 0..<(filter == .none ? 0 : rows) {
            let above = r > 0 || hasAbove ? UnsafePointer(row(r - 1)) : nil
            let repeated = repeatsAsUp && above.map { memcmp($0, row(r), rowBytes) == 0 } ?? false
            PNGRowFilter.apply(repeated ? .up : filter, row: row(r), above: above,
                               count: rowBytes, bpp: bytesPerPixel, out: out + r * (rowBytes + 1), scratch: work)
        }
        let input = UnsafeRawBufferPointer(rebasing: filtered[0..<filteredCount])
        adler = Checksums.adler32(1, input)
        if let deflater, let count = deflater.deflate(input, into: output, last: isLast) {
            compressedCount = count
        } else {
            compressedCount = StoredBlocks.write(input, into: output, last: isLast)
        }
        crc = Checksums.crc32(PNGChunks.crcStart("IDAT"), compressed)
    }
}
