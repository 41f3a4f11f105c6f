import Foundation
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Writes small safetensors files for tests: F32 tensors in the order given, names written
/// as JSON strings (so any name a test needs, control characters included, round-trips).
enum SafetensorsFixture {
    /// One tensor: its name, shape and row-major values.
    struct Tensor {
        var name: String
        var shape: [Int]
        var values: [Float]
    }

    /// Writes `tensors` to `path`. `overstate` bytes are added to the last tensor's end
    /// offset, so its declared size no longer matches its shape (a file that must fail).
    static func write(_ tensors: [Tensor], overstate: Int = 0, to path: String) throws {
        var header: [String] = [], data = Data(), offset = 0
        for (index, tensor) in tensors.enumerated() {
            var name = ""
            JSONValue.quote(tensor.name, into: &name)
            let end = offset + 4 * tensor.values.count + (index == tensors.count - 1 ? overstate : 0)
            header.append("\(name):{\"dtype\":\"F32\",\"shape\":\(tensor.shape),\"data_offsets\":[\(offset),\(end)]}")
            offset += 4 * tensor.values.count
            tensor.values.withUnsafeBytes { data.append(contentsOf: $0) }
        }
        var text = Array(("{" + header.joined(separator: ",") + "}").utf8)
        while text.count % 8 != 0 { text.append(0x20) }
        var file = Data()
        withUnsafeBytes(of: UInt64(text.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(contentsOf: text)
        file.append(data)
        try file.write(to: URL(fileURLWithPath: path))
    }
}
