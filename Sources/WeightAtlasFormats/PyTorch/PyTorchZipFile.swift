import WeightAtlasTensor

// PyTorch zip checkpoints (torch.save since 1.6, torch.jit.save; .pt .pth .bin .ckpt):
//
//   zip( <archive>/data.pkl            the object pickle (see Pickle/PickleMachine.swift)
//        <archive>/data/<key>          one stored member per storage, raw elements
//        <archive>/byteorder           "little" | "big"        (absent: little)
//        <archive>/version             format version, decimal (not needed to read)
//        TorchScript only:
//        <archive>/constants.pkl       tuple of tensor constants, storages in constants/<key>
//        <archive>/code/…              TorchScript source (ignored, never run) )
//
//   persistent id  = ('storage', storage_type, key, location, numel)
//   tensor         = torch._utils._rebuild_tensor_v2(storage, offset, size, stride, …)
//
// Members are stored (method 0), data aligned to 64 bytes. A tensor's bytes are the
// elements its view reaches in `<archive>/data/<key>` (or `.data/<key>`); a view past its
// storage, a storage past its member, or a missing member is an error. TorchScript module
// objects (`__torch__.*` classes) are dicts of their state; constants are `constants.N`.

/// A PyTorch zip checkpoint or TorchScript archive: tensors found in its pickles, mapped zero-copy.
public struct PyTorchZipFile: WeightFile {
    /// `"pytorch"`.
    public static let formatName = "pytorch"

    /// The path the file was opened from.
    public let path: String
    /// Every tensor, in pickle order, named by its dotted path in the pickled object.
    public let tensors: [TensorInfo]
    /// True for TorchScript archives (a `code/` folder or `constants.pkl`).
    public let isTorchScript: Bool
    private let file: MappedFile

    /// True for a zip (`PK\3\4`) whose first member, as far as the first bytes show it, lies in a
    /// folder and is not an `.npy` member: torch writes every member under `<archive>/`, numpy
    /// writes `name.npy` at the top.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count > 30, prefix.littleEndian(UInt32.self, at: 0) == 0x0403_4b50,
              let length = prefix.littleEndian(UInt16.self, at: 26) else { return false }
        let visible = prefix[30..<min(prefix.count, 30 + Int(length))]
        guard let slash = visible.firstIndex(of: UInt8(ascii: "/")), slash > 30 else { return false }
        return !(visible.count == Int(length) && visible.suffix(4).elementsEqual(".npy".utf8))
    }

    /// Reads the archive's directory and pickles and checks every tensor against its storage.
    /// - Throws: `FormatError`: zip kinds, pickle kinds (`.unsafePickle`, `.unsafeCall`,
    ///   `.malformedPickle`, `.pickleLimit`), `.badMember` (a missing storage), and the
    ///   tensor kinds of `TorchTensorLayout`.
    public init(file: MappedFile) throws(FormatError) {
        do {
            (tensors, isTorchScript) = try Self.read(file.bytes)
        } catch {
            var error = error
            if error.format == NPZFile.formatName || error.format.isEmpty { error.format = Self.formatName }
            throw error.inFile(file.path)
        }
        self.path = file.path
        self.file = file
    }

    private static func read(_ bytes: UnsafeRawBufferPointer) throws(FormatError) -> ([TensorInfo], Bool) {
        let archive = try TorchZipArchive(bytes)
        var tensors = try load("data", prefix: nil, from: archive, bytes: bytes)
        let hasConstants = try archive.data(of: "constants.pkl") != nil
        if hasConstants {
            tensors += try load("constants", prefix: "constants", from: archive, bytes: bytes)
        }
        return (tensors, hasConstants || archive.hasFolder("code"))
    }

    /// The tensors of `<archive>/<pickle>.pkl`, storages in `<archive>/<pickle>/`.
    private static func load(_ pickle: String, prefix: String?, from archive: TorchZipArchive,
                             bytes: UnsafeRawBufferPointer) throws(FormatError) -> [TensorInfo] {
        let range = try archive.data(of: "\(pickle).pkl")!
        let result = try PickleMachine.run(bytes.slice(range)!, base: range.lowerBound, format: formatName)
        let found = try TorchTensorCollector.collect(result, prefix: prefix, format: formatName, offset: range.lowerBound,
                                                     limits: PickleLimits(size: range.count))
        var tensors: [TensorInfo] = []
        for (name, record) in found {
            let key = record.storage.key
            var storage: Range<Int>? = nil
            if !key.contains("/"), key != ".." {
                storage = try archive.data(of: "\(pickle)/\(key)")
                if storage == nil { storage = try archive.data(of: ".data/\(key)") }
            }
            guard let storage else {
                throw FormatError(format: formatName, kind: .badMember("no storage member '\(archive.archive)/\(pickle)/\(key)'"),
                                  tensor: name, offset: record.storage.offset)
            }
            tensors.append(try TorchTensorLayout.info(name: name, record: record, storage: storage,
                                                      byteOrder: archive.byteOrder, format: formatName))
        }
        return tensors
    }

    /// The tensor's bytes, a slice of the mapping.
    /// - Throws: `.tensorOutOfBounds` for a tensor that is not in this file.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        try file.slice(of: tensor, format: Self.formatName)
    }
}
