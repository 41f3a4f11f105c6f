/// One level of a pyramid being written: the rows of its current tile row (tile rows overlap,
/// so up to `tileSize + 2·overlap` rows), sampled from the full-resolution rows as they stream
/// past. Level row y is source row y·2^shift, its pixel x source pixel x·2^shift.
final class DeepZoomLevel {
    /// Level number (0 = 1×1).
    let index: Int
    /// Halvings below the full image.
    let shift: Int
    /// Level width and height.
    let width: Int, height: Int
    /// Tile row being filled.
    private(set) var tileRow = 0
    private let channels: Int
    private let geometry: DeepZoomGeometry
    private let buffer: UnsafeMutableRawBufferPointer
    private var firstRow = 0
    private var rows = 0

    /// Level `index` of `geometry` for pixels of `channels` bytes.
    init(index: Int, geometry: DeepZoomGeometry, channels: Int) {
        self.index = index
        self.geometry = geometry
        self.channels = channels
        shift = geometry.shift(of: index)
        (width, height) = geometry.size(of: index)
        buffer = .allocate(byteCount: (geometry.tileSize + 2 * geometry.overlap) * width * channels, alignment: 64)
    }

    deinit { buffer.deallocate() }

    /// Rows of the current tile row.
    private var span: Range<Int> { geometry.span(tileRow, length: height) }

    /// Whether every row of the current tile row is here (cut it, then call `advance`). A short
    /// last tile row can be complete as soon as the one above is (it lies in their overlap).
    var isComplete: Bool {
        tileRow * geometry.tileSize < height && firstRow + rows >= span.upperBound
    }

    /// Samples source row `y` (`source`: full-resolution pixels) if this level has a row there.
    func take(sourceRow y: Int, _ source: UnsafePointer<UInt8>) {
        guard y & ((1 << shift) - 1) == 0 else { return }
        let levelRow = y >> shift
        precondition(levelRow == firstRow + rows, "rows out of order")
        let out = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + rows * width * channels
        if shift == 0 {
            out.update(from: source, count: width * channels)
        } else {
            for x in 0..<width {
                (out + x * channels).update(from: source + (x << shift) * channels, count: channels)
            }
        }
        rows += 1
    }

    /// Tile `column` of the completed tile row, copied into a strip ready to encode with `filter`.
    func tile(column: Int, filter: PNGRowFilter) -> (strip: PNGStrip, width: Int) {
        let columns = geometry.span(column, length: width)
        let rowBytes = columns.count * channels
        let strip = PNGStrip(rowBytes: rowBytes, capacity: rows, filter: filter)
        strip.reset(above: nil)
        let base = buffer.baseAddress!
        for r in 0..<rows { strip.append(base + r * width * channels + columns.lowerBound * channels) }
        strip.isLast = true
        return (strip, columns.count)
    }

    /// Moves on to the next tile row, keeping the rows it shares with the one just cut.
    func advance() {
        tileRow += 1
        guard tileRow * geometry.tileSize < height else { return }
        let next = span.lowerBound
        let keep = firstRow + rows - next
        let rowBytes = width * channels
        if keep > 0 {
            let base = buffer.baseAddress!
            (base).copyMemory(from: base + (next - firstRow) * rowBytes, byteCount: keep * rowBytes)
        }
        firstRow = next
        rows = keep
    }
}
