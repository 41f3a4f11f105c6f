import WeightAtlasTensor

/// Opens weight files of any supported format, chosen by the file's first bytes.
public enum WeightFiles {
    /// Every reader, in the order they are asked to recognise a file. ONNX, which has no
    /// magic number, comes after the formats that have one.
    public static let readers: [any WeightFile.Type] = [
        NPYFile.self, PyTorchZipFile.self, KerasFile.self, NPZFile.self, SafetensorsFile.self, GGUFFile.self, TFLiteFile.self, PyTorchLegacyFile.self,
        ShardedFile.self, ONNXFile.self,
    ]

    /// File name endings of the files these readers read (what `zoo` walks for): the readers
    /// choose by first bytes, so this list only says which files in a folder are models.
    public static let extensions = [".safetensors", ".npy", ".npz", ".onnx", ".gguf",
                                    ".pt", ".pth", ".bin", ".ckpt", ".jit",        // PyTorch zip, legacy, TorchScript
                                    ".keras", ".h5", ".hdf5", ".tflite"]

    /// Maps `path` and opens it with the reader whose `sniff` accepts its first bytes.
    ///
    /// Sharded models open as one `ShardedFile`: a directory (its index.json, or its shard
    /// files), a file named `*.index.json`, or any file whose first bytes are a JSON object
    /// mentioning `"weight_map"`. A PEFT LoRA adapter opens as a `LoRAAdapterFile`: a folder
    /// holding adapter_config.json, or that file.
    /// - Throws: `FormatError` (`.io`, `.unknownFormat`, or the reader's own kinds), with `file` set.
    public static func open(_ path: String) throws(FormatError) -> any WeightFile {
        if LoRAAdapterFile.isAdapterFolder(path) { return try LoRAAdapterFile(directory: path) }
        if ShardDirectory.isDirectory(path) { return try ShardedFile(directory: path) }
        do throws(FormatError) {
            return try open(file: try MappedFile(path: path))
        } catch {
            throw error.file.isEmpty ? error.inFile(path) : error
        }
    }

    /// Opens the mapped `file` with the reader whose `sniff` accepts its first bytes (a file
    /// named `*.index.json` as a shard index).
    /// - Throws: `FormatError` (`.unknownFormat`, or the reader's own kinds), with `file` set.
    static func open(file: MappedFile) throws(FormatError) -> any WeightFile {
        let path = file.path
        do throws(FormatError) {
            let prefix = UnsafeRawBufferPointer(rebasing: file.bytes.prefix(64))
            let byName: (any WeightFile.Type)? = path.hasSuffix(".index.json") ? ShardedFile.self
                : path.hasSuffix("/" + LoRAAdapterFile.configName) || path == LoRAAdapterFile.configName ? LoRAAdapterFile.self : nil
            guard let reader = byName ?? readers.first(where: { $0.sniff(prefix) }) else {
                throw FormatError(kind: .unknownFormat, offset: 0)
            }
            do throws(FormatError) {
                let weights = try reader.init(file: file)
                // Every reader checks its sizes; this catches a shape any of them let through
                // whose element count overflows (a zero dim hides it in one order, not another).
                for tensor in weights.tensors where TensorInfo.elementCount(tensor.shape) == nil {
                    throw FormatError(kind: .overflow(field: "element count of shape \(tensor.shape)"),
                                      tensor: tensor.name, offset: tensor.byteRange.lowerBound)
                }
                return weights
            } catch {
                var error = error
                if error.format.isEmpty { error.format = reader.formatName }
                throw error
            }
        } catch {
            throw error.file.isEmpty ? error.inFile(path) : error
        }
    }
}
