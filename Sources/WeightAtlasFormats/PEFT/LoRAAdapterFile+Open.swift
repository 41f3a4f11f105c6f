import WeightAtlasTensor

extension LoRAAdapterFile {
    /// The first weights file the folder holds, opened with its format's reader.
    /// - Throws: `FormatError` `.io` when there is none, or the file's own errors.
    static func openWeights(_ folder: ModelFolder) throws(FormatError) -> any WeightFile {
        for name in weightNames where ShardDirectory.isRegularFile(folder.join(name)) {
            return try WeightFiles.open(file: try folder.map(name))
        }
        throw FormatError(kind: .io("no \(weightNames.joined(separator: " or ")) beside \(configName)"), offset: 0)
    }

    /// Pairs every lora_A with its lora_B.
    /// - Throws: `FormatError` `.malformedHeader` naming the factor that is not 2-D, has no
    ///   partner, or whose rank does not match its partner's (or the config's rank_pattern).
    static func pair(_ tensors: [TensorInfo], config: PEFTConfig, weightsPath: String) throws(FormatError) -> [LoRAModule] {
        var factors: [String: (a: TensorInfo?, b: TensorInfo?, embedding: Bool)] = [:]
        var order: [String] = []
        for tensor in tensors {
            guard let (module, isA, embedding) = LoRAModule.parse(tensor.name) else { continue }
            if factors[module] == nil { order.append(module) }
            var entry = factors[module] ?? (nil, nil, embedding)
            if isA { entry.a = tensor } else { entry.b = tensor }
            factors[module] = entry
        }
        var modules: [LoRAModule] = []
        for name in order {
            let entry = factors[name]!
            func fail(_ why: String, _ tensor: TensorInfo) -> FormatError {
                FormatError(file: weightsPath, kind: .malformedHeader("LoRA module '\(name)': \(why)"), tensor: tensor.name,
                            offset: tensor.byteRange.lowerBound)
            }
            guard let a = entry.a, let b = entry.b else {
                let present = (entry.a ?? entry.b)!
                throw fail("\(entry.a == nil ? "lora_A" : "lora_B") is missing", present)
            }
            guard a.shape.count == 2, b.shape.count == 2 else { throw fail("factors must be 2-D, not \(a.shape) and \(b.shape)", a.shape.count == 2 ? b : a) }
            let rank = a.shape[0]
            guard rank > 0, b.shape[1] == rank else { throw fail("lora_A \(a.shape) and lora_B \(b.shape) do not share a rank", b) }
            if config.rankPattern.contains(where: { PEFTConfig.matches(name, $0.key) }), config.rank(module: name) != rank {
                throw fail("rank_pattern gives rank \(config.rank(module: name)), the factors have \(rank)", a)
            }
            modules.append(LoRAModule(name: name, a: a, b: b, rank: rank, scale: config.scale(module: name, rank: rank),
                                      transposed: entry.embedding != config.fanInFanOut, declared: config.declares(name)))
        }
        return modules
    }

    /// `module`'s delta, computed by `multiplier` from its factors as Float32.
    /// - Throws: `BackendError` from the multiplier, or one carrying a factor's read error.
    public func delta(_ module: LoRAModule, multiplier: any LowRankMultiplier) throws(BackendError) -> TensorBytes {
        let b = try floats(module.b), a = try floats(module.a)
        let product = module.product
        let storage = FloatStorage(zeros: product.count)
        try b.withUnsafeBufferPointer { bp throws(BackendError) in
            try a.withUnsafeBufferPointer { ap throws(BackendError) in
                try multiplier.multiply(product, b: bp, a: ap, into: storage.pointer)
            }
        }
        return TensorBytes(bytes: UnsafeRawBufferPointer(storage.pointer), owner: storage)
    }

    /// A factor's values as Float32, in row-major order.
    package func floats(_ tensor: TensorInfo) throws(BackendError) -> [Float] {
        let bytes: TensorBytes
        do { bytes = try weights.bytes(of: tensor) } catch {
            throw BackendError(backend: "host", message: error.description)
        }
        let source = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView)
        var scratch: [Float] = []
        return try source.withValues(0..<source.count, scratch: &scratch) { (values) throws(BackendError) in Array(values) }
    }
}
