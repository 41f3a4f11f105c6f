import WeightAtlasTensor

// The legacy (pre-1.6, non-zip) torch.save format: five pickles, then the storages.
//
//   file      = magic protocol sys_info object keys storage*
//   magic     = pickle of LONG1 0x1950a86a20f9469cfc6c          (bytes 80 02 8a 0a 6c fc 9c 46 f9 20 6a a8 50 19)
//   protocol  = pickle of 1001
//   sys_info  = pickle of {'protocol_version': 1001, 'little_endian': bool, 'type_sizes': {...}}
//   object    = the object pickle; persistent ids ('storage', type, key, location, numel, view)
//               where view is None or (view_key, offset, size) into the root storage `key`
//   keys      = pickle of the list of storage keys, in the order their data follows
//   storage   = u64 element count (in sys_info's byte order), then count × element size bytes
//
// Every key must be named by the object pickle (which gives its dtype), its count must
// match the pickle's, and the storages must end exactly at the end of the file.

/// A legacy torch.save file: tensors found in its object pickle, storages mapped zero-copy.
public struct PyTorchLegacyFile: WeightFile {
    /// `"pytorch-legacy"`.
    public static let formatName = "pytorch-legacy"
    /// The magic number's pickle, as torch writes it with protocol 2.
    static let magic: [UInt8] = [0x8A, 0x0A, 0x6C, 0xFC, 0x9C, 0x46, 0xF9, 0x20, 0x6A, 0xA8, 0x50, 0x19]

    /// The path the file was opened from.
    public let path: String
    /// Every tensor, in pickle order, named by its dotted path in the pickled object.
    public let tensors: [TensorInfo]
    private let file: MappedFile

    /// True when the file starts with PROTO and the LONG1 magic number.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count >= 14 && prefix[0] == 0x80 && (2...5).contains(prefix[1]) && prefix[2..<14].elementsEqual(magic)
    }

    /// Reads the five pickles and the storage records, and checks every tensor against its storage.
    /// - Throws: `FormatError`: pickle kinds, `.badMagic`, `.unsupportedVersion` (protocol),
    ///   `.unexpectedValue` (sys_info, keys), `.truncated`, `.uncoveredData` (bytes after the last storage), `.badMember`
    ///   (a key the object pickle does not name, a tensor whose storage is missing) and the
    ///   tensor kinds of `TorchTensorLayout`.
    public init(file: MappedFile) throws(FormatError) {
        do {
            tensors = try Self.read(file.bytes)
        } catch {
            throw error.inFile(file.path)
        }
        self.path = file.path
        self.file = file
    }

    private static func read(_ bytes: UnsafeRawBufferPointer) throws(FormatError) -> [TensorInfo] {
        var cursor = 0
        func next() throws(FormatError) -> (PickleResult, Int) {
            let start = cursor
            let result = try PickleMachine.run(bytes.slice(cursor..<bytes.count)!, base: cursor, format: formatName)
            cursor += result.end
            return (result, start)
        }
        let (magicNumber, _) = try next()
        guard case .bigInt(let number) = magicNumber.root, number.elementsEqual(magic[2...]) else {
            throw FormatError(format: formatName, kind: .badMagic(expected: "the legacy magic number",
                                                                  found: Array(bytes.prefix(magic.count))), offset: 0)
        }
        let (version, versionAt) = try next()
        guard case .int(1001) = version.root else {
            throw FormatError(format: formatName, kind: .unsupportedVersion(field: "protocol version", found: "\(version.root)",
                                                                            supported: "1001 is"), offset: versionAt)
        }
        let (info, infoAt) = try next()
        let byteOrder = try littleEndian(info, offset: infoAt) ? ByteOrder.little : .big
        let (object, objectAt) = try next()
        let found = try TorchTensorCollector.collect(object, prefix: nil, format: formatName, offset: objectAt,
                                                     limits: PickleLimits(size: object.end))
        let (keys, keysAt) = try next()
        let storages = try storageRanges(keys, keysAt: keysAt, named: object.storages, bytes: bytes,
                                         from: cursor, byteOrder: byteOrder)
        var tensors: [TensorInfo] = []
        for (name, record) in found {
            guard let storage = storages[record.storage.key] else {
                throw FormatError(format: formatName, kind: .badMember("storage '\(record.storage.key)' is not in the file"),
                                  tensor: name, offset: record.storage.offset)
            }
            tensors.append(try TorchTensorLayout.info(name: name, record: record, storage: storage,
                                                      byteOrder: byteOrder, format: formatName))
        }
        return tensors
    }

    /// sys_info's `little_endian` (true when absent).
    private static func littleEndian(_ info: PickleResult, offset: Int) throws(FormatError) -> Bool {
        guard case .ref(let index) = info.root, case .dict(let entries) = info.heap[index] else {
            throw FormatError(format: formatName, kind: .unexpectedValue(field: "sys_info", expected: "a dict", found: "\(info.root)"),
                              offset: offset)
        }
        for entry in entries {
            if case .string("little_endian") = entry.key, case .bool(let little) = entry.value { return little }
        }
        return true
    }

    /// The file range of each storage's elements, walking the records after the keys pickle.
    private static func storageRanges(_ keys: PickleResult, keysAt: Int, named: [TorchStorageRef],
                                      bytes: UnsafeRawBufferPointer, from start: Int,
                                      byteOrder: ByteOrder) throws(FormatError) -> [String: Range<Int>] {
        guard case .ref(let index) = keys.root, case .list(let list) = keys.heap[index] else {
            throw FormatError(format: formatName, kind: .unexpectedValue(field: "storage keys", expected: "a list", found: "\(keys.root)"),
                              offset: keysAt)
        }
        var sizes: [String: (size: Int, numel: Int)] = [:]
        var unsupported: [String: TorchStorageRef] = [:]
        for storage in named {
            if let dtype = storage.dtype { sizes[storage.key] = (dtype.size, storage.numel) } else { unsupported[storage.key] = storage }
        }
        var ranges: [String: Range<Int>] = [:]
        var cursor = start
        for key in list {
            if case .string(let name) = key, let storage = unsupported[name] {
                throw FormatError(format: formatName, kind: .unsupportedDType(storage.typeName), offset: storage.offset)
            }
            guard case .string(let name) = key, let (size, numel) = sizes[name] else {
                throw FormatError(format: formatName, kind: .badMember("storage key \(key.typeName) is not named by the object pickle"),
                                  offset: keysAt)
            }
            guard let raw = bytes.littleEndian(UInt64.self, at: cursor) else {
                throw FormatError(format: formatName, kind: .truncated(needed: cursor + 8, available: bytes.count), offset: cursor)
            }
            let count = byteOrder == .little ? raw : raw.byteSwapped
            guard count == UInt64(numel) else {
                throw FormatError(format: formatName, kind: .sizeMismatch(expected: numel, actual: Int(clamping: count)),
                                  offset: cursor)
            }
            let length = numel.multipliedReportingOverflow(by: size)
            guard !length.overflow, length.partialValue <= bytes.count - cursor - 8 else {
                throw FormatError(format: formatName, kind: .truncated(needed: length.overflow ? Int.max : cursor + 8 + length.partialValue,
                                                                       available: bytes.count), offset: cursor)
            }
            ranges[name] = cursor + 8..<cursor + 8 + length.partialValue
            cursor += 8 + length.partialValue
        }
        guard cursor == bytes.count else {
            throw FormatError(format: formatName, kind: .uncoveredData(range: cursor..<bytes.count), offset: cursor)
        }
        return ranges
    }

    /// The tensor's bytes, a slice of the mapping.
    /// - Throws: `.tensorOutOfBounds` for a tensor that is not in this file.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        try file.slice(of: tensor, format: Self.formatName)
    }
}
