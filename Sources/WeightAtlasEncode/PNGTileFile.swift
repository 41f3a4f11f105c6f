/// A small PNG encoded whole in memory by one worker and written to its own file: a pyramid
/// tile. One IDAT chunk holds the zlib header, the strip's deflate bytes and the Adler-32.
enum PNGTileFile {
    /// Encodes `strip` (all the image's rows, `isLast` set, with the strip's filter) and writes `path`.
    /// - Throws: `OutputError` when the file cannot be written.
    static func write(_ strip: PNGStrip, width: Int, channels: Int, level: Int,
                      deflater: ISALDeflater?, to path: String) throws(OutputError) {
        strip.encode(bytesPerPixel: channels, deflater: deflater)
        let header = PNGChunks.zlibHeader(level: level), trailer = PNGChunks.bigEndian(strip.adler)
        var crc = header.withUnsafeBytes { Checksums.crc32(PNGChunks.crcStart("IDAT"), $0) }
        crc = Checksums.crc32(crc, strip.compressed)
        crc = trailer.withUnsafeBytes { Checksums.crc32(crc, $0) }
        let file = try BinaryFile(path: path, reportedPath: path)
        try file.write(PNGChunks.start(width: width, height: strip.rows, channels: channels)
                       + PNGChunks.bigEndian(UInt32(header.count + strip.compressed.count + 4)) + Array("IDAT".utf8) + header)
        try file.write(strip.compressed)
        try file.write(trailer + PNGChunks.bigEndian(crc) + PNGChunks.end)
        try file.close()
    }
}
