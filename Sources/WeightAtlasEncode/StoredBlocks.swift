/// Deflate without compression: stored blocks (RFC 1951 §3.2.4), for the `none` preset and
/// as the fallback when igzip's output would not fit its buffer.
enum StoredBlocks {
    /// Largest payload of one stored block.
    static let blockLimit = 65_535

    /// Bytes `count` input bytes take as stored blocks (one empty block when `count` is 0).
    static func bound(_ count: Int) -> Int { count + 5 * max(1, (count + blockLimit - 1) / blockLimit) }

    /// Writes `input` as stored blocks at `output` (at least `bound(input.count)` bytes); the
    /// last block is final when `last`, so strips concatenate. Returns the bytes written.
    static func write(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, last: Bool) -> Int {
        precondition(output.count >= bound(input.count), "stored blocks need \(bound(input.count)) bytes")
        var read = 0, written = 0
        repeat {
            let length = min(blockLimit, input.count - read)
            let final = last && read + length == input.count
            output[written] = final ? 1 : 0
            output[written + 1] = UInt8(length & 0xFF)
            output[written + 2] = UInt8(length >> 8)
            output[written + 3] = ~UInt8(length & 0xFF)
            output[written + 4] = ~UInt8(length >> 8)
            written += 5
            if length > 0 {
                UnsafeMutableRawBufferPointer(rebasing: output[written..<(written + length)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: input[read..<(read + length)]))
            }
            written += length
            read += length
        } while read < input.count
        return written
    }
}
