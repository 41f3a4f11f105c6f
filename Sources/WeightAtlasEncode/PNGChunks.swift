/// The bytes of a PNG around the image data (PNG spec §5, §11): signature, IHDR, chunk
/// framing with CRC-32, and the zlib header and trailer (RFC 1950) wrapping the deflate stream.
enum PNGChunks {
    /// The 8-byte PNG signature.
    static let signature: [UInt8] = [137, 80, 78, 71, 13, 10, 26, 10]
    /// The IEND chunk, complete.
    static let end: [UInt8] = chunk("IEND", [])

    /// Signature and IHDR for an 8-bit grey (1 channel) or RGB (3 channels) image.
    static func start(width: Int, height: Int, channels: Int) -> [UInt8] {
        let colourType: UInt8 = channels == 3 ? 2 : 0
        let header = bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, colourType, 0, 0, 0]
        return signature + chunk("IHDR", header)
    }

    /// Length, type, data and CRC-32 of one chunk.
    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        var crc = typeBytes.withUnsafeBytes { Checksums.crc32(0, $0) }
        crc = data.withUnsafeBytes { Checksums.crc32(crc, $0) }
        return bigEndian(UInt32(data.count)) + typeBytes + data + bigEndian(crc)
    }

    /// The CRC-32 a chunk of `type` starts from before its data.
    static func crcStart(_ type: String) -> UInt32 {
        Array(type.utf8).withUnsafeBytes { Checksums.crc32(0, $0) }
    }

    /// The 2-byte zlib header: deflate, 32 KiB window, FLEVEL from the deflate `level`
    /// (0 stored/1 fastest, 2 fast, 3 default/max as igzip's 3 is its strongest).
    static func zlibHeader(level: Int) -> [UInt8] {
        let cmf = 0x78
        var flg = min(3, max(0, level)) << 6
        flg += 31 - (cmf * 256 + flg) % 31
        return [UInt8(cmf), UInt8(flg)]
    }

    /// `value` as 4 bytes, most significant first.
    static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
