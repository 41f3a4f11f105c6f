import Dispatch
import Foundation

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
    package static func element(_ b: UnsafePointer<Float>, _ a: UnsafePointer<Float>, i: Int, j: Int, rank: Int, cols: Int, scale: Float) -> Float {
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
    package func validate(b: Int, a: Int, out: Int, backend: String) throws(BackendError) {
        guard rows > 0, cols > 0, rank > 0, b == rows * rank, a == rank * cols, out >= count else {
            throw BackendError(backend: backend, message: "low-rank product \(rows)x\(rank) · \(rank)x\(cols): given \(b) and \(a) values, \(out) outputs")
        }
    }
}

extension LowRankProduct {
    /// Writes rows `rows` of the product into `out`, in the reference order.
    package func writeRows(_ rows: Range<Int>, b: UnsafePointer<Float>, a: UnsafePointer<Float>,
                           into out: UnsafeMutablePointer<Float>) {
        for i in rows {
            for j in 0..<cols {
                let value = Self.element(b, a, i: i, j: j, rank: rank, cols: cols, scale: scale)
                out[transposed ? j * self.rows + i : i * cols + j] = value
            }
        }
    }

    /// Runs `body(rows)` for the product's row blocks (at most 64), on `workers` threads.
    package func forEachRowBlock(workers: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let (rows, blocks) = (self.rows, min(self.rows, 64))
        if workers <= 1 || blocks <= 1 {
            for k in 0..<blocks { body((rows * k / blocks)..<(rows * (k + 1) / blocks)) }
        } else {
            DispatchQueue.concurrentPerform(iterations: blocks) { k in body((rows * k / blocks)..<(rows * (k + 1) / blocks)) }
        }
    }
}

/// The product on the host's cores, with no backend: what a reader computes a LoRA delta
/// with when no backend is given (the CPU backend sums in the same order).
public final class HostLowRankMultiplier: LowRankMultiplier {
    /// Threads used.
    public let workers: Int

    /// A multiplier on `workers` threads (all active cores by default).
    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount) { self.workers = max(1, workers) }

    /// The product, row block by row block.
    public func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                         into out: UnsafeMutableBufferPointer<Float>) throws(BackendError) {
        try product.validate(b: b.count, a: a.count, out: out.count, backend: "host")
        nonisolated(unsafe) let (bp, ap, op) = (b.baseAddress!, a.baseAddress!, out.baseAddress!)
        product.forEachRowBlock(workers: workers) { rows in product.writeRows(rows, b: bp, a: ap, into: op) }
    }
}
