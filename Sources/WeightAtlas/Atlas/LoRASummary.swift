import Foundation
import WeightAtlasEncode
import WeightAtlasFormats

/// What a LoRA module's delta ΔW = scale · B · A is, from its factors alone: its rank, scale,
/// Frobenius norm and singular values. The singular values come through the r × r core, never
/// the out × in matrix: with B = Q_b R_b and Aᵀ = Q_a R_a (Householder QR, in Double),
/// B · A = Q_b (R_b R_aᵀ) Q_aᵀ, so ΔW's nonzero singular values are |scale| times those of
/// the r × r matrix R_b R_aᵀ (one-sided Jacobi). Work O((out + in) · r²).
public struct LoRASummary: Sendable, Equatable {
    /// The adapted module.
    public var module: String
    /// True when the adapter's config declares the module (nil: it names targets by a regex).
    public var declared: Bool?
    /// The module's rank r.
    public var rank: Int
    /// alpha / r, or alpha / √r with rsLoRA.
    public var scale: Double
    /// The r singular values of ΔW, largest first.
    public var singularValues: [Double]
    /// ‖ΔW‖_F = √(Σ σᵢ²).
    public var norm: Double { singularValues.reduce(0) { $0 + $1 * $1 }.squareRoot() }
    /// Singular values above σ_max · max(out, in) · Float32 ε: the rank ΔW really has.
    public var numericalRank: Int
    /// Roy and Vetterli's effective rank exp(−Σ pᵢ ln pᵢ), pᵢ = σᵢ / Σσ: r when the update
    /// spreads evenly over its r directions, near 1 when one dominates.
    public var effectiveRank: Double {
        let total = singularValues.reduce(0, +)
        guard total > 0 else { return 0 }
        return exp(-singularValues.reduce(0) { s, sigma in sigma > 0 ? s + sigma / total * log(sigma / total) : s })
    }
    /// The share of the layer's directions the update touches: numerical rank / min(out, in).
    public var touched: Double

    /// The summary of `module` with factors `b` (out × r) and `a` (r × in), row-major Float32.
    public init(module: LoRAModule, b: [Float], a: [Float]) {
        let (out, r, inputs) = (module.b.shape[0], module.rank, module.a.shape[1])
        let rb = Self.triangle(rows: out, cols: r) { i, k in Double(b[i * r + k]) }
        let ra = Self.triangle(rows: inputs, cols: r) { j, k in Double(a[k * inputs + j]) }
        var core = [Double](repeating: 0, count: r * r)   // R_b · R_aᵀ
        for i in 0..<r { for j in 0..<r { for k in 0..<r { core[i * r + j] += rb[i * r + k] * ra[j * r + k] } } }
        let sigma = Self.singularValues(core, n: r).map { $0 * abs(module.scale) }.sorted(by: >)
        self.module = module.name
        declared = module.declared
        rank = r
        scale = module.scale
        singularValues = sigma
        let tolerance = (sigma.first ?? 0) * Double(max(out, inputs)) * Double(Float.ulpOfOne)
        numericalRank = sigma.filter { $0 > tolerance }.count
        touched = Double(numericalRank) / Double(max(1, min(out, inputs)))
    }

    /// The r × r upper triangle R of the Householder QR of the rows × cols matrix `value(i, k)`
    /// (rows ≥ cols in LoRA; fewer rows leave the lower rows of R zero).
    static func triangle(rows: Int, cols: Int, _ value: (Int, Int) -> Double) -> [Double] {
        var m = [Double](repeating: 0, count: rows * cols)
        for i in 0..<rows { for k in 0..<cols { m[i * cols + k] = value(i, k) } }
        for k in 0..<min(rows, cols) {
            var norm = 0.0
            for i in k..<rows { norm += m[i * cols + k] * m[i * cols + k] }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            let alpha = m[k * cols + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: rows - k)
            for i in k..<rows { v[i - k] = m[i * cols + k] }
            v[0] -= alpha
            let vv = v.reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            for c in k..<cols {
                var dot = 0.0
                for i in k..<rows { dot += v[i - k] * m[i * cols + c] }
                let f = 2 * dot / vv
                for i in k..<rows { m[i * cols + c] -= f * v[i - k] }
            }
        }
        var r = [Double](repeating: 0, count: cols * cols)
        for i in 0..<min(rows, cols) { for k in i..<cols { r[i * cols + k] = m[i * cols + k] } }
        return r
    }

    /// Singular values of the n × n matrix `m` (row-major) by one-sided Jacobi rotations of its columns.
    static func singularValues(_ m: [Double], n: Int) -> [Double] {
        var u = m
        for _ in 0..<60 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<n {
                        alpha += u[i * n + p] * u[i * n + p]
                        beta += u[i * n + q] * u[i * n + q]
                        gamma += u[i * n + p] * u[i * n + q]
                    }
                    guard abs(gamma) > 1e-15 * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<n {
                        let (x, y) = (u[i * n + p], u[i * n + q])
                        u[i * n + p] = c * x - s * y
                        u[i * n + q] = s * x + c * y
                    }
                }
            }
            if !rotated { break }
        }
        return (0..<n).map { c in (0..<n).reduce(0) { $0 + u[$1 * n + c] * u[$1 * n + c] }.squareRoot() }
    }

    /// The manifest's `"lora"` member.
    var json: JSONValue {
        .object([("rank", .int(rank)), ("scale", .finite(scale)), ("norm", .finite(norm)),
                 ("singular_values", .array(singularValues.map { .finite($0) })),
                 ("numerical_rank", .int(numericalRank)), ("effective_rank", .finite(effectiveRank)),
                 ("touched", .finite(touched))])
    }
}

extension LoRAAdapterFile {
    /// The summary of `module`'s delta (nil when its factors cannot be read: the delta's own
    /// read then reports why).
    func summary(_ module: LoRAModule) -> LoRASummary? {
        guard let b = try? floats(module.b), let a = try? floats(module.a) else { return nil }
        return LoRASummary(module: module, b: b, a: a)
    }
}
