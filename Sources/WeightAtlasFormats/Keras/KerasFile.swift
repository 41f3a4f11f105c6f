import WeightAtlasTensor

// Keras weights, read through libhdf5 (see HDF5/):
//
//   .keras  = zip( metadata.json  config.json  model.weights.h5  [assets/...] )   Keras 3
//   model.weights.h5 = HDF5 { layers/<layer>/vars/<i> ...  [optimizer/vars/<i>]  vars/ }
//                      nested models: layers/<model>/layers/<layer>/vars/<i>
//   .h5 (legacy) = HDF5 { [model_weights/]<layer>/<layer>/<variable>:0 ...  [optimizer_weights/...] }
//   HDF5     = superblock ("\x89HDF\r\n\x1a\n" at byte 0) objects...    (libhdf5 reads it)
//
// Datasets of float (16, 32, 64 bits, bfloat16) and integer types are tensors, named as
// Keras paths (`conv2d/kernel`, see KerasNaming). A contiguous unfiltered dataset is a byte
// range of the file (zero-copy; for a stored model.weights.h5, of the .keras file itself);
// chunked, compressed or compact ones are read at open into buffers the reader owns.
// External and virtual datasets (data in other files) are refused. libhdf5 runs only in the
// HDF5 reader process (HDF5.Sandbox); inside a .keras the weights member goes to it as a
// range of the archive when stored, in a memory file when deflated, never a file on disk. Kernels get roles so the layout reads them as O×I×k…:
// Conv/Dense k…×I×O (`channelsLastKernel`), Conv*Transpose k…×O×I (`channelsLastTransposedKernel`;
// in legacy files only for layers with their default names), DepthwiseConv2D kH×kW×C×M
// (`depthwiseKernel`).

/// A Keras model or weights file (`.keras` archive or `.h5`), through libhdf5 in the HDF5
/// reader process.
public struct KerasFile: WeightFile {
    /// `"keras"`.
    public static let formatName = "keras"

    /// The path the file was opened from.
    public let path: String
    /// Every weight, in layer order (config.json's for .keras, by name otherwise).
    public let tensors: [TensorInfo]
    /// The bytes of each tensor's `byteRange`, by name: the mapping or a buffer read at open.
    private let owners: [String: AnyObject & Sendable]

    /// True for an HDF5 file (signature at byte 0) or a zip whose first member is one a
    /// `.keras` archive starts with (`metadata.json`, `config.json`, `model.weights.h5`).
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        HDF5.Superblock.starts(prefix) || KerasArchive.sniff(prefix)
    }

    /// Reads every dataset's type, shape and storage.
    /// - Throws: `FormatError`: zip kinds and `.badMember` (archive), `.truncated` (superblock),
    ///   `.malformedHeader` (libhdf5's reason), `.unsupportedDType`, `.invalidDimension`,
    ///   `.overflow`, `.tensorOutOfBounds`, `.badMember` (external or virtual data).
    public init(file: MappedFile) throws(FormatError) {
        do {
            (tensors, owners) = try Self.read(file)
        } catch {
            throw error.inFile(file.path)
        }
        path = file.path
    }

    private static func read(_ file: MappedFile) throws(FormatError) -> ([TensorInfo], [String: AnyObject & Sendable]) {
        if HDF5.Superblock.starts(file.bytes) {
            try HDF5.Superblock.check(file.bytes)
            let datasets = try HDF5.Sandbox.datasets(path: file.path, offset: 0, length: file.count)
            return describe(datasets, config: nil, mapping: file, base: 0)
        }
        let archive = try KerasArchive(file: file)
        let datasets: [HDF5.Dataset]
        do {
            try HDF5.Superblock.check(archive.weights)
            if let base = archive.base {
                datasets = try HDF5.Sandbox.datasets(path: file.path, offset: base, length: archive.weights.count)
            } else {
                datasets = try HDF5.Sandbox.datasets(image: archive.weights)
            }
        } catch {
            var error = error
            error.tensor = error.tensor ?? KerasArchive.weightsMember
            if let offset = error.offset, let base = archive.base { error.offset = base + offset }
            throw error
        }
        let owner: AnyObject & Sendable = archive.base == nil ? archive.owner as! InflatedBuffer : file
        return describe(datasets, config: archive.config, mapping: owner, base: archive.base ?? 0)
    }

    /// Names, roles and byte ranges of `datasets` (whose contiguous ranges are relative to
    /// the HDF5 image at `base` in `mapping`), ordered by layer.
    private static func describe(_ datasets: [HDF5.Dataset], config: KerasConfig?, mapping: AnyObject & Sendable,
                                 base: Int) -> ([TensorInfo], [String: AnyObject & Sendable]) {
        let keras3 = config != nil || KerasNaming.isKeras3(datasets.map(\.path))
        var found: [(info: TensorInfo, owner: AnyObject & Sendable, order: Int)] = []
        for dataset in datasets {
            let (name, role, order) = keras3 ? KerasNaming.keras3(dataset.path, config: config ?? KerasConfig())
                                             : { let (n, r) = KerasNaming.legacy(dataset.path); return (n, r, 0) }()
            var info = TensorInfo(name: name, dtype: dataset.dtype, shape: dataset.shape, byteRange: 0..<dataset.byteCount,
                                  byteOrder: dataset.byteOrder, role: role)
            let owner: AnyObject & Sendable
            switch dataset.storage {
            case .contiguous(let range):
                info.byteRange = base + range.lowerBound..<base + range.upperBound
                owner = mapping
            case .owned(let buffer):
                owner = buffer
            }
            found.append((info, owner, order))
        }
        found.sort { $0.order != $1.order ? $0.order < $1.order : KerasNaming.naturalLess($0.info.name, $1.info.name) }
        var owners: [String: AnyObject & Sendable] = [:]
        var tensors: [TensorInfo] = []
        for entry in found where owners[entry.info.name] == nil {
            owners[entry.info.name] = entry.owner
            tensors.append(entry.info)
        }
        return (tensors, owners)
    }

    /// The tensor's bytes: a slice of the mapping (zero-copy) or of the buffer read at open.
    /// - Throws: `.badMember` for a tensor not in this file, `.tensorOutOfBounds` for a range
    ///   outside its storage.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let owner = owners[tensor.name], tensors.contains(tensor) else {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember("no tensor of this file is this one"),
                              tensor: tensor.name)
        }
        if let mapping = owner as? MappedFile { return try mapping.slice(of: tensor, format: Self.formatName) }
        let buffer = owner as! InflatedBuffer
        guard let bytes = UnsafeRawBufferPointer(buffer.bytes).slice(tensor.byteRange) else {
            throw FormatError(file: path, format: Self.formatName,
                              kind: .tensorOutOfBounds(range: tensor.byteRange, available: buffer.bytes.count), tensor: tensor.name)
        }
        return TensorBytes(bytes: bytes, owner: buffer)
    }
}
