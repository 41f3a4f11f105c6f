import CZlib

/// Raw-deflate decompression and CRC-32 through zlib (`inflateInit2_`, `inflate`, `crc32`).
enum Inflater {
    /// How a deflate stream filled a destination buffer.
    enum Outcome: Equatable {
        /// The stream ended having produced exactly the destination's size.
        case exact
        /// The stream ended (or its input ran out) after producing only this many bytes.
        case short(produced: Int)
        /// The destination is full; the stream has more output (only when not probing: maybe more).
        case full
        /// The stream is not valid deflate data (zlib's message).
        case corrupt(String)
    }

    /// Inflates raw deflate data `source` into `destination`.
    ///
    /// With `probe`, once `destination` is full it checks whether the stream has more output,
    /// answering `.exact` or `.full` (more); without, a full destination answers `.full`
    /// unless the stream ended exactly there.
    static func inflate(_ source: UnsafeRawBufferPointer, into destination: UnsafeMutableRawBufferPointer,
                        probe: Bool) -> Outcome {
        var stream = z_stream()
        guard inflateInit2_(&stream, -15, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return .corrupt("inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var scratch: UInt8 = 0
        let input = source.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self)) }
        let output = destination.baseAddress?.assumingMemoryBound(to: UInt8.self)
        var consumed = 0, produced = 0
        while true {
            let full = produced == destination.count
            if full && !probe { return .full }
            let inChunk = min(source.count - consumed, Int(UInt32.max))
            let outChunk = full ? 1 : min(destination.count - produced, Int(UInt32.max))
            stream.next_in = input.map { $0 + consumed }
            stream.avail_in = UInt32(inChunk)
            let status = withUnsafeMutablePointer(to: &scratch) { scratchPointer in
                stream.next_out = full ? scratchPointer : output! + produced
                stream.avail_out = UInt32(outChunk)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            consumed += inChunk - Int(stream.avail_in)
            let made = outChunk - Int(stream.avail_out)
            if full && made > 0 { return .full }
            produced += full ? 0 : made
            switch status {
            case Z_STREAM_END:
                return produced == destination.count ? .exact : .short(produced: produced)
            case Z_OK:
                continue
            case Z_BUF_ERROR:
                // No progress possible: the input ran out before the stream ended.
                return .short(produced: produced)
            default:
                return .corrupt(stream.msg.map { String(cString: $0) } ?? "zlib error \(status)")
            }
        }
    }

    /// The CRC-32 (as zip stores it) of `bytes`.
    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc = CZlib.crc32(0, nil, 0)
        var offset = 0
        while offset < bytes.count {
            let chunk = min(bytes.count - offset, 1 << 30)
            let start = bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset
            crc = CZlib.crc32(crc, start, UInt32(chunk))
            offset += chunk
        }
        return UInt32(crc)
    }
}
