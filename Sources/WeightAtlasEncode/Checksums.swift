import CISAL
import CPNG

/// The two checksums of a PNG: CRC-32 of each chunk and Adler-32 of the zlib stream.
enum Checksums {
    /// Continues the reflected CRC-32 (PNG's and gzip's) `crc` over `bytes`; 0 starts one
    /// (calls ISA-L's `crc32_gzip_refl`, PCLMUL-accelerated).
    static func crc32(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return crc32_gzip_refl(crc, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// Continues Adler-32 `adler` over `bytes`; 1 starts one (calls ISA-L's `isal_adler32`).
    static func adler32(_ adler: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return adler }
        return isal_adler32(adler, base.assumingMemoryBound(to: UInt8.self), UInt64(bytes.count))
    }

    /// The Adler-32 of A followed by B, from A's, B's and B's length (calls zlib's `adler32_combine`).
    static func adler32Combine(_ first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
        UInt32(truncatingIfNeeded: adler32_combine(UInt(first), UInt(second), secondLength))
    }
}
