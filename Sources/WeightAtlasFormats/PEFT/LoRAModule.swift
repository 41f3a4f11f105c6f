import WeightAtlasTensor

/// One adapted module of a LoRA adapter: its factors and the delta they make.
public struct LoRAModule: Sendable, Equatable {
    /// The module's name, without PEFT's `base_model.model.` prefix.
    public var name: String
    /// `lora_A` (rank × in; for an embedding, rank × vocabulary).
    public var a: TensorInfo
    /// `lora_B` (out × rank; for an embedding, dim × rank).
    public var b: TensorInfo
    /// The rank: A's rows.
    public var rank: Int
    /// alpha / rank (or alpha / √rank with rsLoRA), from the config.
    public var scale: Double
    /// The delta is stored transposed: an embedding's (`lora_embedding_A/B`) or a base weight
    /// kept in_features × out_features (`fan_in_fan_out`).
    public var transposed: Bool
    /// True when the config declares this module (nil: the config names its targets by a
    /// regular expression, or not at all).
    public var declared: Bool?

    /// The name of the delta tensor the adapter lists for this module.
    public var deltaName: String { name + ".lora_delta" }

    /// B · A's shape as stored: [out, in], or [in, out] when transposed.
    public var deltaShape: [Int] {
        transposed ? [a.shape[1], b.shape[0]] : [b.shape[0], a.shape[1]]
    }

    /// The product the backend computes.
    public var product: LowRankProduct {
        LowRankProduct(rows: b.shape[0], cols: a.shape[1], rank: rank, scale: Float(scale), transposed: transposed)
    }

    /// Where a factor's name names its module: `<module>.lora_A.weight`, `<module>.lora_A.<adapter>.weight`,
    /// `<module>.lora_embedding_A[.<adapter>]`. Returns the module, whether it is A, and whether
    /// it is an embedding's factor; nil for any other tensor.
    static func parse(_ tensor: String) -> (module: String, isA: Bool, embedding: Bool)? {
        let parts = tensor.split(separator: ".", omittingEmptySubsequences: false)
        let markers: [(String, Bool, Bool)] = [("lora_A", true, false), ("lora_B", false, false),
                                               ("lora_embedding_A", true, true), ("lora_embedding_B", false, true)]
        for (index, part) in parts.enumerated().reversed() {
            guard let marker = markers.first(where: { $0.0 == part }), index > 0 else { continue }
            let rest = parts[(index + 1)...]
            let valid = marker.2 ? rest.count <= 1 : (rest.last == "weight" && rest.count <= 2)
            guard valid else { return nil }
            var module = parts[..<index].joined(separator: ".")
            for prefix in ["base_model.model.", "base_model."] where module.hasPrefix(prefix) {
                module.removeFirst(prefix.count)
                break
            }
            return (module, marker.1, marker.2)
        }
        return nil
    }
}
