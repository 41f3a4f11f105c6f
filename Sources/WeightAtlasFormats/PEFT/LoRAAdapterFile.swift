import WeightAtlasTensor

// A PEFT LoRA adapter folder (what `save_pretrained` writes):
//
//   adapter       = adapter_config.json (see PEFTConfig.swift)
//                 + adapter_model.safetensors | adapter_model.bin (the factors)
//   factor        = <module>.lora_A.weight [r, in] | <module>.lora_B.weight [out, r]
//                 | <module>.lora_embedding_A [r, vocab] | <module>.lora_embedding_B [dim, r]
//
// It opens as a model holding every factor plus, after each module's factors, a derived
// `<module>.lora_delta` = scale · B · A (Float32, [out, in]; transposed for an embedding or
// with fan_in_fan_out), computed when read: by the backend's LowRankMultiplier (the OpenCL
// kernel) or on the host, in the one summation order of `LowRankProduct`. The weights file is
// opened through `ModelFolder` (inside the folder, a regular file) with the readers of its
// own format. A delta over `deltaLimit` elements is listed as skipped, not computed.

/// A LoRA adapter: its factors and the deltas they make.
public struct LoRAAdapterFile: WeightFile {
    /// `"peft-lora"`.
    public static let formatName = "peft-lora"
    /// The config's file name, by which the folder is recognised.
    public static let configName = "adapter_config.json"
    /// Weights files looked for, in order.
    static let weightNames = ["adapter_model.safetensors", "adapter_model.bin"]
    /// Largest delta computed (1 GiB of Float32).
    public static let deltaLimit = 1 << 28

    /// The folder's config path.
    public let path: String
    /// The factors and deltas, each module's delta after its factors.
    public let tensors: [TensorInfo]
    /// Deltas too large to compute.
    public let skipped: [SkippedTensor]
    /// Every adapted module, in the weights file's order.
    public let modules: [LoRAModule]
    /// The opened weights file.
    let weights: any WeightFile
    /// Delta tensor name → index in `modules`.
    private let deltas: [String: Int]

    /// Never by first bytes: `WeightFiles.open` takes a folder holding adapter_config.json,
    /// or that file by name.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool { false }

    /// True when `path` is a folder with an adapter_config.json.
    public static func isAdapterFolder(_ path: String) -> Bool {
        ShardDirectory.isDirectory(path) && ShardDirectory.isRegularFile(ShardDirectory.join(path, configName))
    }

    /// Opens the adapter whose config is `file` (its weights beside it).
    /// - Throws: `FormatError` of the config (`.malformedHeader` with the member's offset), of
    ///   `ModelFolder.map`, of the weights' reader, or `.malformedHeader` naming a factor
    ///   whose shape does not pair.
    public init(file: MappedFile) throws(FormatError) {
        path = file.path
        do {
            let config = try PEFTConfig(json: file.bytes)
            weights = try Self.openWeights(ModelFolder(modelPath: file.path))
            modules = try Self.pair(weights.tensors, config: config, weightsPath: weights.path)
        } catch {
            var error = error
            if error.format.isEmpty { error.format = Self.formatName }
            throw error.file.isEmpty ? error.inFile(file.path) : error
        }
        var tensors: [TensorInfo] = [], skipped = weights.skipped, deltas: [String: Int] = [:]
        let owners = Dictionary(modules.enumerated().map { ($0.element.b.name, $0.offset) }, uniquingKeysWith: { a, _ in a })
        for tensor in weights.tensors {
            tensors.append(tensor)
            guard let index = owners[tensor.name] else { continue }
            let module = modules[index]
            let count = module.deltaShape.reduce(1, *)
            if count > Self.deltaLimit {
                skipped.append(SkippedTensor(name: module.deltaName, type: "LORA_DELTA over \(Self.deltaLimit) elements", shape: module.deltaShape))
            } else {
                tensors.append(TensorInfo(name: module.deltaName, dtype: .f32, shape: module.deltaShape, byteRange: 0..<count * 4, byteOrder: .host))
                deltas[module.deltaName] = index
            }
        }
        (self.tensors, self.skipped, self.deltas) = (tensors, skipped, deltas)
    }

    /// Opens the adapter in `directory`.
    public init(directory: String) throws(FormatError) {
        try self.init(file: try MappedFile(path: ShardDirectory.join(directory, Self.configName)))
    }

    /// The module whose delta `tensor` is, if it is one.
    public func module(ofDelta tensor: TensorInfo) -> LoRAModule? { deltas[tensor.name].map { modules[$0] } }

    /// A factor's bytes from the weights file, or a delta computed on the host.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let module = module(ofDelta: tensor) else { return try weights.bytes(of: tensor) }
        do { return try delta(module, multiplier: HostLowRankMultiplier()) } catch {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember(error.message), tensor: tensor.name)
        }
    }
}
