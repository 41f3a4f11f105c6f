/// llama.cpp's tensor names for the llama family and the Hugging Face names they were
/// converted from, so one model in both forms can be compared tensor by tensor.
///
/// Supported `general.architecture` values: `llama` (Llama 1–3, Mistral, TinyLlama, SmolLM…),
/// `qwen2` and `qwen3`. Their names are the same scheme:
///
///     token_embd.weight            model.embed_tokens.weight
///     output_norm.weight           model.norm.weight
///     output.weight                lm_head.weight
///     blk.N.attn_norm.*            model.layers.N.input_layernorm.*
///     blk.N.attn_q|k|v.*           model.layers.N.self_attn.q_proj|k_proj|v_proj.*
///     blk.N.attn_output.*          model.layers.N.self_attn.o_proj.*
///     blk.N.attn_q_norm|k_norm.*   model.layers.N.self_attn.q_norm|k_norm.*   (qwen3)
///     blk.N.ffn_norm.*             model.layers.N.post_attention_layernorm.*
///     blk.N.ffn_gate|up|down.*     model.layers.N.mlp.gate_proj|up_proj|down_proj.*
///
/// For `llama`, convert_hf_to_gguf.py permutes the rows of the query and key projections
/// (weight and bias) into Meta's interleaved rotary order (`LlamaModel.permute`): with d rows
/// per head, GGUF row h·d + 2i + j holds Hugging Face row h·d + j·d/2 + i (j ∈ {0, 1},
/// i < d/2), query heads for Q and key/value heads for K. Qwen's converters do not permute.
/// Gemma is not mapped: llama.cpp stores its norms as 1 + w, which a comparison would report
/// as a change. Tensors with no counterpart (merged experts, `rope_freqs`) are not mapped.
public struct GGUFHuggingFaceNames: Sendable, Equatable {
    /// `general.architecture`.
    public let architecture: String
    /// Query heads and key/value heads, when the file states them.
    public let heads: Int?, kvHeads: Int?

    static let fixed = ["token_embd": "model.embed_tokens", "output_norm": "model.norm", "output": "lm_head"]
    static let modules = [
        "attn_norm": "input_layernorm", "attn_q": "self_attn.q_proj", "attn_k": "self_attn.k_proj",
        "attn_v": "self_attn.v_proj", "attn_output": "self_attn.o_proj", "attn_q_norm": "self_attn.q_norm",
        "attn_k_norm": "self_attn.k_norm", "ffn_norm": "post_attention_layernorm", "ffn_gate": "mlp.gate_proj",
        "ffn_up": "mlp.up_proj", "ffn_down": "mlp.down_proj",
    ]
    static let permuting: Set<String> = ["llama"]

    /// The mapping for `file`, or nil when its architecture is not one of the supported ones.
    public init?(_ file: GGUFFile) {
        guard case .string(let architecture)? = file.value(forKey: "general.architecture"),
              ["llama", "qwen2", "qwen3"].contains(architecture) else { return nil }
        self.architecture = architecture
        let counts = file.headCounts
        heads = counts.flatMap { Set($0.heads).count == 1 ? $0.heads[0] : nil }
        kvHeads = counts.flatMap { Set($0.kvHeads).count == 1 ? $0.kvHeads[0] : nil }
    }

    /// The Hugging Face name of the GGUF tensor `name`, or nil when it has none.
    public func huggingFaceName(of name: String) -> String? {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 2, let module = Self.fixed[parts[0]] { return module + "." + parts[1] }
        guard parts.count == 4, parts[0] == "blk", let layer = Int(parts[1]), String(layer) == parts[1],
              let module = Self.modules[parts[2]] else { return nil }
        return "model.layers.\(layer).\(module).\(parts[3])"
    }

    /// How the rows of the GGUF tensor `name` are ordered against its Hugging Face original:
    /// rotary in query heads for `attn_q`, in key/value heads for `attn_k` (weight and bias)
    /// of a permuting architecture, `.unknown` there when the file gives no single head
    /// count, the same order for every other tensor.
    public func permutation(of name: String) -> RowPermutation {
        guard Self.permuting.contains(architecture) else { return .none }
        let parts = name.split(separator: ".")
        guard parts.count == 4, parts[0] == "blk" else { return .none }
        switch parts[2] {
        case "attn_q": return heads.map(RowPermutation.rotary) ?? .unknown
        case "attn_k": return kvHeads.map(RowPermutation.rotary) ?? .unknown
        default: return .none
        }
    }

    /// How a GGUF tensor's rows are ordered against its Hugging Face original.
    public enum RowPermutation: Sendable, Equatable {
        /// The same order.
        case none
        /// Meta's rotary order in this many heads.
        case rotary(heads: Int)
        /// Permuted, but the file does not say in how many heads.
        case unknown

        /// Whether a tensor of `rows` rows can carry this order: the heads split the rows
        /// into heads of an even size (always for `.none`, never for `.unknown`).
        public func splits(rows: Int) -> Bool {
            switch self {
            case .none: true
            case .unknown: false
            case .rotary(let heads): heads > 0 && rows % heads == 0 && (rows / heads) % 2 == 0
            }
        }

        /// The Hugging Face row of GGUF row `g` of `rows`, for `.rotary`; nil when the head
        /// count does not split the rows into heads of an even size.
        package static func huggingFaceRow(of g: Int, rows: Int, heads: Int) -> Int? {
            guard heads > 0, rows % heads == 0, (rows / heads) % 2 == 0 else { return nil }
            let d = rows / heads, (h, within) = g.quotientAndRemainder(dividingBy: d)
            return h * d + (within % 2) * (d / 2) + within / 2
        }

        /// The GGUF row of Hugging Face row `r` (the inverse of `huggingFaceRow`).
        package static func ggufRow(of r: Int, rows: Int, heads: Int) -> Int? {
            guard heads > 0, rows % heads == 0, (rows / heads) % 2 == 0 else { return nil }
            let d = rows / heads, (h, within) = r.quotientAndRemainder(dividingBy: d)
            let (j, i) = within.quotientAndRemainder(dividingBy: d / 2)
            return h * d + 2 * i + j
        }
    }
}
