import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Every valid fixture of every format is claimed by its own reader and by no other, so the
/// order of `WeightFiles.readers` never decides.
@Suite struct FormatSniffingTests {
    /// (path relative to Tests/Fixtures, the reader that must claim it).
    static let fixtures: [(String, String)] = {
        let manager = FileManager.default
        let extensions = ["npy": NPYFile.formatName, "npz": NPZFile.formatName,
                          "safetensors": SafetensorsFile.formatName, "onnx": ONNXFile.formatName,
                          "gguf": GGUFFile.formatName, "keras": KerasFile.formatName, "h5": KerasFile.formatName,
                          "tflite": TFLiteFile.formatName]
        var found: [(String, String)] = []
        for folder in ["valid", "onnx", "gguf", "pytorch", "keras", "tflite"] {
            let root = Fixtures.root.appendingPathComponent(folder)
            guard let walker = manager.enumerator(atPath: root.path) else { continue }
            for case let relative as String in walker {
                let suffix = (relative as NSString).pathExtension
                let format: String? = if relative.hasSuffix(".index.json") { ShardedFile.formatName }
                    else if relative.hasSuffix("legacy.pt") { PyTorchLegacyFile.formatName }
                    else if ["pt", "ckpt", "bin"].contains(suffix) { PyTorchZipFile.formatName }
                    else { extensions[suffix] }
                if let format { found.append(("\(folder)/\(relative)", format)) }
            }
        }
        return found.sorted { $0.0 < $1.0 }
    }()

    @Test func everyFormatHasFixtures() {
        #expect(Set(Self.fixtures.map(\.1)) == Set(WeightFiles.readers.map { $0.formatName }))
    }

    @Test(arguments: fixtures)
    func claimedByItsReaderOnly(_ relative: String, _ format: String) throws {
        let file = try MappedFile(path: Fixtures.root.appendingPathComponent(relative).path)
        let prefix = UnsafeRawBufferPointer(rebasing: file.bytes.prefix(64))
        let claiming = WeightFiles.readers.filter { $0.sniff(prefix) }.map { $0.formatName }
        #expect(claiming == [format], "\(relative)")
        #expect(type(of: try WeightFiles.open(file.path)).formatName == format, "\(relative)")
    }

    @Test func onnxSniffingRefusesOtherMagic() {
        let prefixes: [[UInt8]] = [
            Array("GGUF\u{3}\0\0\0".utf8),                 // GGUF
            [0x80, 0x02, 0x8A, 0x0A], [0x80, 0x05, 0x95],   // pickles
            [0x50, 0x4B, 0x03, 0x04],                       // zip (TorchScript, npz)
            [0x08, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x7B],  // safetensors, 776-byte header
            [0x08, 0x00, 0x3A], [0x08, 0x40, 0x3A],         // ir_version 0 or absurd
            [0x08, 0x07, 0x0A, 0x00],                       // field 1 again: not a ModelProto field after ir_version
        ]
        for bytes in prefixes {
            let claimed = bytes.withUnsafeBytes { ONNXFile.sniff($0) }
            #expect(!claimed, "\(bytes)")
        }
        let model: [UInt8] = [0x08, 0x07, 0x12, 0x07] + Array("pytorch".utf8) + [0x1A, 0x03] + Array("2.1".utf8) + [0x3A, 0x80]
        #expect(model.withUnsafeBytes { ONNXFile.sniff($0) })
    }
}
