import CISAL

/// One igzip (Intel ISA-L) raw-deflate context: the stream header and the level buffer,
/// reused strip after strip by one worker thread (never by two at once: hence unchecked Sendable).
final class ISALDeflater: @unchecked Sendable {
    /// igzip level, 1…3 (the presets use 3: PNGCompression).
    let level: Int
    private let stream: UnsafeMutablePointer<isal_zstream>
    /// igzip's hash tables and token buffer (its contents never change the output).
    let levelBuffer: UnsafeMutableRawBufferPointer

    /// A context for `level` (1…3).
    init(level: Int) {
        precondition((1...3).contains(level), "igzip levels are 1…3")
        self.level = level
        stream = .allocate(capacity: 1)
        stream.initialize(to: isal_zstream())
        let size = [0, Int(WA_ISAL_LEVEL1_BUFFER), Int(WA_ISAL_LEVEL2_BUFFER),
                    Int(WA_ISAL_LEVEL3_BUFFER)][level]
        levelBuffer = .allocate(byteCount: size, alignment: 64)
    }

    deinit {
        stream.deallocate()
        levelBuffer.deallocate()
    }

    /// Compresses `input` into raw deflate blocks at `output`, ending in a full flush (byte
    /// aligned, no history carried, so more blocks may follow), or with the final block when
    /// `last` (calls `isal_deflate_stateless_init`, `isal_deflate_stateless`). In process the
    /// bytes depend on `input`, `level` and `last` only (DeflateDeterminismTests) at level 3,
    /// the presets' level; levels 1 and 2 now and then did not (docs/ARCHITECTURE.md).
    /// Returns the bytes written, or nil when they do not fit in `output`.
    func deflate(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer, last: Bool) -> Int? {
        precondition(input.count < Int(UInt32.max) && output.count < Int(UInt32.max), "strip beyond igzip's 4 GB")
        isal_deflate_stateless_init(stream)
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.pointee.avail_in = UInt32(input.count)
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.avail_out = UInt32(output.count)
        stream.pointee.level = UInt32(level)
        stream.pointee.level_buf = levelBuffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
        stream.pointee.level_buf_size = UInt32(levelBuffer.count)
        stream.pointee.end_of_stream = last ? 1 : 0
        stream.pointee.flush = last ? UInt16(NO_FLUSH) : UInt16(FULL_FLUSH)
        stream.pointee.gzip_flag = UInt16(IGZIP_DEFLATE)
        // Not reset by isal_deflate_stateless_init: left alone, a stale value shrinks the window.
        stream.pointee.hist_bits = 0
        guard isal_deflate_stateless(stream) == COMP_OK, stream.pointee.avail_in == 0 else { return nil }
        return Int(stream.pointee.total_out)
    }
}
