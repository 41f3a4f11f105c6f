import WeightAtlasEncode

/// Every image of an atlas in one PNG: the layer images in model order, left-aligned, one
/// below the other, separated by a band of pad colour. It is written by reading each layer's
/// PNG back row by row, so memory stays bounded whatever the size.
public struct Mosaic: Sendable {
    /// Where one layer sits in the mosaic.
    public struct Region: Sendable {
        /// The tensor.
        public var tensor: String
        /// Top-left corner and size in mosaic pixels.
        public var x: Int, y: Int, width: Int, height: Int
    }

    /// Pixels of pad colour between layers.
    public static let separator = 16
    /// Rows copied at a time.
    static let rowsPerStep = 64

    /// The path written.
    public var path: String
    /// Mosaic width (the widest layer).
    public var width: Int
    /// Mosaic height.
    public var height: Int
    /// The layers, in order.
    public var regions: [Region]

    /// Writes the mosaic of `reports`' images (found in `directory`) to `path`.
    /// - Throws: `OutputError` when a layer image cannot be read back or the mosaic cannot be written.
    public static func write(_ reports: [TensorReport], directory: String, to path: String, pad: UInt8,
                             compression: PNGCompression) throws(OutputError) -> Mosaic {
        // Deep Zoom layers are pyramids, not one PNG to read back: they stay out of the mosaic.
        let layers = reports.filter { $0.deepZoom == nil }
            .compactMap { report in report.image.map { (report.info.name, directory + "/" + $0, report.plan.grid!) } }
        var regions: [Region] = []
        var y = 0
        for (name, _, grid) in layers {
            if !regions.isEmpty { y += separator }
            regions.append(Region(tensor: name, x: 0, y: y, width: grid.width, height: grid.height))
            y += grid.height
        }
        let mosaic = Mosaic(path: path, width: regions.map(\.width).max() ?? 0, height: y, regions: regions)
        guard mosaic.width > 0 else { throw OutputError(path: path, message: "no layer has an image to put in a mosaic") }
        let writer = try PNGWriter(path: path, width: mosaic.width, height: mosaic.height, channels: 3, compression: compression)
        let rowBytes = mosaic.width * 3
        let band = UnsafeMutableRawBufferPointer.allocate(byteCount: rowsPerStep * rowBytes, alignment: 16)
        defer { band.deallocate() }
        do throws(OutputError) {
            for (i, (_, image, _)) in layers.enumerated() {
                if i > 0 { try padRows(separator, writer: writer, band: band, pad: pad) }
                try copy(image, into: writer, band: band, pad: pad)
            }
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
        return mosaic
    }

    /// Appends `count` rows of pad colour.
    static func padRows(_ count: Int, writer: PNGWriter, band: UnsafeMutableRawBufferPointer, pad: UInt8) throws(OutputError) {
        let rowBytes = writer.rowBytes
        var left = count
        while left > 0 {
            let rows = min(left, rowsPerStep)
            band.baseAddress!.initializeMemory(as: UInt8.self, repeating: pad, count: rows * rowBytes)
            try writer.write(rows: UnsafeRawBufferPointer(rebasing: band[0..<(rows * rowBytes)]))
            left -= rows
        }
    }

    /// Appends the rows of the layer image at `image`, as RGB, padded on the right.
    static func copy(_ image: String, into writer: PNGWriter, band: UnsafeMutableRawBufferPointer, pad: UInt8) throws(OutputError) {
        let reader: PNGRowReader
        do { reader = try PNGRowReader(path: image) } catch { throw OutputError(path: writer.path, message: error.description) }
        let rowBytes = writer.rowBytes
        let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: rowsPerStep * reader.width * reader.channels, alignment: 16)
        defer { scratch.deallocate() }
        let source = scratch.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var done = 0
        while done < reader.height {
            let rows = min(rowsPerStep, reader.height - done)
            do throws(PNGDecodeError) { try reader.read(rows, into: scratch) } catch {
                throw OutputError(path: writer.path, message: error.description)
            }
            let out = band.baseAddress!.assumingMemoryBound(to: UInt8.self)
            out.initialize(repeating: pad, count: rows * rowBytes)
            for r in 0..<rows {
                for x in 0..<reader.width {
                    for c in 0..<3 {
                        out[r * rowBytes + x * 3 + c] = source[(r * reader.width + x) * reader.channels + (reader.channels == 3 ? c : 0)]
                    }
                }
            }
            try writer.write(rows: UnsafeRawBufferPointer(rebasing: band[0..<(rows * rowBytes)]))
            done += rows
        }
    }
}
