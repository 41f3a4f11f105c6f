import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LargeFileTests {
    /// A 300 MB sparse .npy opens without touching any of its data pages.
    @Test func sparseNPYOpensWithoutReadingData() throws {
        let count = 75_000_000
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(count),), }"
        header += String(repeating: " ", count: (64 - (10 + header.utf8.count + 1) % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)] + Array(header.utf8)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("weightatlas-\(UUID()).npy").path
        let fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        #expect(fd >= 0)
        defer { unlink(path) }
        #expect(write(fd, bytes, bytes.count) == bytes.count)
        #expect(ftruncate(fd, off_t(bytes.count + count * 4)) == 0)
        close(fd)

        let file = try WeightFiles.open(path)
        let tensor = try #require(file.tensors.first)
        #expect(tensor.shape == [count])
        #expect(tensor.byteRange == bytes.count..<bytes.count + count * 4)

        // Ask the kernel which pages of the data are resident: none were read.
        #expect(try file.bytes(of: tensor).withUnsafeBytes(residentPages) == 0)
    }
}
