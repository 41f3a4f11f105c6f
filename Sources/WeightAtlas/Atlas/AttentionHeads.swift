import WeightAtlasFormats

/// How many attention heads a model says it has, and which of its tensors are the query, key,
/// value and output projections whose rows (Q, K, V) or columns (O) fall into heads.
///
/// The counts come from the file itself: GGUF's `<arch>.attention.head_count` and
/// `head_count_kv` (a scalar, or an array with one count per layer), or a Hugging Face
/// `config.json` beside the weights (`num_attention_heads`, `num_key_value_heads`, with GPT-2's
/// `n_head` as a fallback). Never guessed from shapes: a projection whose split dimension the
/// count does not divide gets no heads.
public struct AttentionHeads: Sendable, Equatable {
    /// Query heads (per layer when the model says so; `[n]` for every layer otherwise).
    public var heads: [Int]
    /// Key/value heads (grouped-query attention); the query count when the model gives none.
    public var kvHeads: [Int]

    /// Which projection a tensor is.
    public enum Role: String, Sendable {
        case q, k, v, o
    }

    /// The heads of the model in `file`, when it states them.
    public static func of(_ file: any WeightFile) -> AttentionHeads? {
        if let gguf = file as? GGUFFile { return fromGGUF(gguf) }
        return fromConfig(beside: file.path)
    }

    /// The role of the tensor `name` by the naming conventions of llama.cpp (`blk.N.attn_q.weight`),
    /// Hugging Face (`….self_attn.q_proj.weight`) and BERT (`….attention.self.query.weight`,
    /// `….attention.output.dense.weight`).
    public static func role(of name: String) -> Role? {
        let patterns: [(String, Role)] = [
            (".attn_q.weight", .q), (".attn_k.weight", .k), (".attn_v.weight", .v), (".attn_output.weight", .o),
            (".q_proj.weight", .q), (".k_proj.weight", .k), (".v_proj.weight", .v), (".o_proj.weight", .o),
            (".attention.self.query.weight", .q), (".attention.self.key.weight", .k), (".attention.self.value.weight", .v),
            (".attention.output.dense.weight", .o),
        ]
        return patterns.first { name.hasSuffix($0.0) }?.1
    }

    /// The head count of tensor `name` with `shape` [out, in], and whether heads are row blocks
    /// (Q, K, V) or column blocks (O); nil when it is no projection or the count does not divide.
    public func split(_ name: String, shape: [Int]) -> (role: Role, count: Int, rows: Bool)? {
        guard shape.count == 2, let role = Self.role(of: name) else { return nil }
        let layer = Self.layerIndex(name)
        func pick(_ counts: [Int]) -> Int? {
            counts.count == 1 ? counts[0] : layer.flatMap { $0 < counts.count ? counts[$0] : nil }
        }
        guard let q = pick(heads), let kv = pick(kvHeads) else { return nil }
        let count = role == .k || role == .v ? kv : q
        let dimension = role == .o ? shape[1] : shape[0]
        guard count > 0, dimension > 0, dimension % count == 0 else { return nil }
        return (role, count, role != .o)
    }

    /// The layer number in `blk.N.…`, `layers.N.…` or `layer.N.…`.
    static func layerIndex(_ name: String) -> Int? {
        let parts = name.split(separator: ".")
        for (i, part) in parts.enumerated() where ["blk", "layers", "layer", "h"].contains(part) && i + 1 < parts.count {
            if let n = Int(parts[i + 1]) { return n }
        }
        return nil
    }

    static func fromGGUF(_ gguf: GGUFFile) -> AttentionHeads? {
        guard let counts = gguf.headCounts else { return nil }
        return AttentionHeads(heads: counts.heads, kvHeads: counts.kvHeads)
    }

    /// `config.json` in the weights' folder (the folder itself for a folder of shards), read
    /// through `ModelFolder` like any file a model names.
    static func fromConfig(beside path: String) -> AttentionHeads? {
        let anchor = ShardDirectory.isDirectory(path) ? ShardDirectory.join(path, "config.json") : path
        guard let mapped = try? ModelFolder(modelPath: anchor).map("config.json"),
              let root = try? JSONParser.parse(mapped.bytes, budget: JSONNode.budget(fileSize: mapped.bytes.count)),
              case .object(let members) = root else { return nil }
        func number(_ keys: [String]) -> Int? {
            for key in keys { if let v = members.first(where: { $0.key == key })?.value.nonNegativeInteger { return v } }
            return nil
        }
        guard let heads = number(["num_attention_heads", "n_head", "num_heads"]), heads > 0 else { return nil }
        return AttentionHeads(heads: [heads], kvHeads: [number(["num_key_value_heads", "n_head_kv"]) ?? heads])
    }
}
