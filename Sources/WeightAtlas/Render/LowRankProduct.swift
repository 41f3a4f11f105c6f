/// The product `scale · B · A` of a LoRA module (`B` rows × rank, `A` rank × cols, Float32
/// row-major), the one order both backends sum in:
///
///     acc = 0;  for k in 0..<rank { acc = acc + B[i,k] · A[k,j] };  D[i,j] = acc · scale
///
/// each `·` and `+` one rounded Float32 operation (no fused multiply-add). With `transposed`
/// the result is stored as D[j,i] (cols × rows): an embedding's LoRA, or a base weight kept
/// transposed (`fan_in_fan_out`).
public struct LowRankProduct: Sendable, Equatable {
    /// Rows of B (and of the product).
    public var rows: Int
    /// Columns of A (and of the product).
    public var cols: Int
    /// The shared dimension.
    public var rank: Int
    /// Factor applied to each sum.
    public var scale: Float
    /// Store the product transposed.
    public var transposed: Bool

    /// A product of the given shape.
    public init(rows: Int, cols: Int, rank: Int, scale: Float, transposed: Bool = false) {
        self.rows = rows
        self.cols = cols
        self.rank = rank
        self.scale = scale
        self.transposed = transposed
    }

    /// Elements of the product.
    public var count: Int { rows * cols }

    /// The reference: element (i, j) of the product.
    @inline(__always)
    static func element(_ b: UnsafePointer<Float>, _ a: UnsafePointer<Float>, i: Int, j: Int, rank: Int, cols: Int, scale: Float) -> Float {
        var acc: Float = 0
        for k in 0..<rank { acc = acc + b[i * rank + k] * a[k * cols + j] }
        return acc * scale
    }
}

/// A backend that computes `LowRankProduct`s bit-identically to the CPU's (the OpenCL
/// backend, in a kernel).
public protocol LowRankMultiplier: AnyObject, Sendable {
    /// Writes `product` of `b` (rows × rank) and `a` (rank × cols) into `out` (count Float32s).
    /// - Throws: `BackendError` for inputs of the wrong size or a failing device call.
    func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                  into out: UnsafeMutableBufferPointer<Float>) throws(BackendError)
}

extension LowRankProduct {
    /// Rejects factors or an output of the wrong size (the one check every backend makes).
    func validate(b: Int, a: Int, out: Int, backend: String) throws(BackendError) {
        guard rows > 0, cols > 0, rank > 0, b == rows * rank, a == rank * cols, out >= count else {
            throw BackendError(backend: backend, message: "low-rank product \(rows)x\(rank) · \(rank)x\(cols): given \(b) and \(a) values, \(out) outputs")
        }
    }
}

extension CPUBackend: LowRankMultiplier {
    /// The product on every core, row block by row block.
    public func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                         into out: UnsafeMutableBufferPointer<Float>) throws(BackendError) {
        try product.validate(b: b.count, a: a.count, out: out.count, backend: "cpu")
        nonisolated(unsafe) let (bp, ap, op) = (b.baseAddress!, a.baseAddress!, out.baseAddress!)
        let blocks = min(product.rows, 64)
        record("lowrank") {
            parallel(blocks) { block in
                let p = product
                for i in (p.rows * block / blocks)..<(p.rows * (block + 1) / blocks) {
                    for j in 0..<p.cols {
                        let value = LowRankProduct.element(bp, ap, i: i, j: j, rank: p.rank, cols: p.cols, scale: p.scale)
                        op[p.transposed ? j * p.rows + i : i * p.cols + j] = value
                    }
                }
            }
        }
    }
}
