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

/// Models past protobuf's 2 GB keep their weights in external data: mapped, never read whole.
@Suite struct ONNXLargeFileTests {
    private func varint(_ value: UInt64) -> [UInt8] {
        var value = value, out: [UInt8] = []
        while value >= 0x80 { out.append(UInt8(value & 0x7F) | 0x80); value >>= 7 }
        return out + [UInt8(value)]
    }

    private func field(_ number: UInt64, _ payload: [UInt8]) -> [UInt8] {
        varint(number << 3 | 2) + varint(UInt64(payload.count)) + payload
    }

    private func field(_ number: UInt64, varint value: UInt64) -> [UInt8] { varint(number << 3) + varint(value) }

    /// A 2.4 GB F32 tensor at offset 4096 of a sparse external file opens without reading a
    /// page of it, and reads its last element from the mapping.
    @Test func externalTensorPastTwoGigabytes() throws {
        let count = 600_000_000
        let offset = 4096
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("weightatlas-onnx-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        let entries = [("location", "big.data"), ("offset", "\(offset)"), ("length", "\(count * 4)")]
        var tensor = field(1, varint: UInt64(count)) + field(2, varint: 1) + field(8, Array("huge".utf8))
        for (key, value) in entries { tensor += field(13, field(1, Array(key.utf8)) + field(2, Array(value.utf8))) }
        tensor += field(14, varint: 1)
        let model = field(1, varint: 10) + field(7, field(5, tensor))
        try Data(model).write(to: folder.appendingPathComponent("model.onnx"))

        let data = folder.appendingPathComponent("big.data").path
        let fd = open(data, O_CREAT | O_WRONLY | O_TRUNC, 0o600)
        #expect(fd >= 0)
        #expect(ftruncate(fd, off_t(offset + count * 4)) == 0)
        var last = Float(42.5).bitPattern.littleEndian
        #expect(pwrite(fd, &last, 4, off_t(offset + (count - 1) * 4)) == 4)
        close(fd)

        let file = try WeightFiles.open(folder.appendingPathComponent("model.onnx").path)
        let info = try #require(file.tensors.first)
        #expect(info.shape == [count] && info.dtype == .f32)
        #expect(info.byteRange == offset..<offset + count * 4)
        let bytes = try file.bytes(of: info)
        #expect(bytes.count == count * 4)
        #expect(bytes.withUnsafeBytes(residentPages) == 0)   // opening read none of the 2.4 GB
        #expect(bytes.float(at: (count - 1) * 4) == 42.5)
    }
}
