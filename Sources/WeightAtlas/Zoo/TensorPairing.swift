import WeightAtlasFormats
import WeightAtlasTensor

/// Which tensor of B is compared with which of A, and how B's rows line up with A's.
///
/// Tensors pair by name. When one file is GGUF and the other is not, a GGUF file of a mapped
/// architecture (`GGUFHuggingFaceNames`) is named by the Hugging Face names its tensors came
/// from, so it pairs with the safetensors it was converted from; two GGUF files pair by their
/// own names (their rows are in the same order, whatever either file says). Where one
/// side holds llama.cpp's rotary row order and the other does not, B's rows are read in A's
/// order (`RowOrder`); a permuted tensor whose head count the file omits, or does not split
/// its rows into heads of an even size, is not mapped.
struct TensorPairing {
    /// One compared pair.
    struct Pair {
        let a: TensorInfo, b: TensorInfo
        /// B's row for each of A's rows, when they differ.
        let rows: RowOrder?
    }

    /// B's rows in A's order for a tensor of `rows` rows in `heads` rotary heads.
    struct RowOrder: Equatable {
        let rows: Int, heads: Int
        /// True when B is the GGUF side (A's rows are Hugging Face rows).
        let bIsGGUF: Bool

        /// B's row holding A's row `row`.
        func bRow(of row: Int) -> Int {
            let mapped = bIsGGUF ? GGUFHuggingFaceNames.RowPermutation.ggufRow(of: row, rows: rows, heads: heads)
                : GGUFHuggingFaceNames.RowPermutation.huggingFaceRow(of: row, rows: rows, heads: heads)
            return mapped ?? row
        }
    }

    /// Pairs by A's name.
    let pairs: [String: Pair]
    /// A's tensors that have a pair, in A's order.
    let compared: [TensorInfo]
    /// Same key, different shapes: A's name, A's shape, B's shape.
    let mismatched: [(name: String, a: [Int], b: [Int])]
    /// A's names with no counterpart in B, and B's with none in A.
    let onlyInA: [String], onlyInB: [String]

    init(a: any WeightFile, b: any WeightFile) {
        let mapping = (a is GGUFFile) != (b is GGUFFile)
        let keyedA = Self.keyed(a, mapping: mapping), keyedB = Self.keyed(b, mapping: mapping)
        let inB = Dictionary(keyedB.map { ($0.key, $0) }) { first, _ in first }
        let keysA = Set(keyedA.map(\.key))
        var pairs: [String: Pair] = [:], compared: [TensorInfo] = [], mismatched: [(String, [Int], [Int])] = []
        for entry in keyedA {
            guard let other = inB[entry.key] else { continue }
            guard other.info.shape == entry.info.shape else {
                mismatched.append((entry.info.name, entry.info.shape, other.info.shape))
                continue
            }
            pairs[entry.info.name] = Pair(a: entry.info, b: other.info,
                                          rows: Self.rowOrder(entry.permutation, other.permutation, shape: entry.info.shape))
            compared.append(entry.info)
        }
        self.pairs = pairs
        self.compared = compared
        self.mismatched = mismatched
        onlyInA = keyedA.filter { inB[$0.key] == nil }.map(\.info.name)
        onlyInB = keyedB.filter { !keysA.contains($0.key) }.map(\.info.name)
    }

    /// Each tensor of `file` with the key it pairs by and its row order (its own name and order
    /// unless `mapping`).
    static func keyed(_ file: any WeightFile, mapping: Bool) -> [(key: String, info: TensorInfo, permutation: GGUFHuggingFaceNames.RowPermutation)] {
        guard mapping, let gguf = file as? GGUFFile, let names = GGUFHuggingFaceNames(gguf) else {
            return file.tensors.map { ($0.name, $0, .none) }
        }
        return file.tensors.map { info in
            let permutation = names.permutation(of: info.name)
            guard permutation.splits(rows: info.shape.first ?? 0), let mapped = names.huggingFaceName(of: info.name) else {
                return (info.name, info, .none)
            }
            return (mapped, info, permutation)
        }
    }

    /// B's row order against A's for permutations `a` and `b` of a tensor of `shape`; nil when equal.
    static func rowOrder(_ a: GGUFHuggingFaceNames.RowPermutation, _ b: GGUFHuggingFaceNames.RowPermutation,
                         shape: [Int]) -> RowOrder? {
        guard a != b, let rows = shape.first else { return nil }
        switch (a, b) {
        case (.none, .rotary(let heads)): return RowOrder(rows: rows, heads: heads, bIsGGUF: true)
        case (.rotary(let heads), .none): return RowOrder(rows: rows, heads: heads, bIsGGUF: false)
        default: return nil
        }
    }
}
