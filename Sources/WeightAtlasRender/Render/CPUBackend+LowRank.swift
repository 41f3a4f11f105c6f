import WeightAtlasTensor

extension CPUBackend: LowRankMultiplier {
    /// The product on every core, row block by row block.
    public func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                         into out: UnsafeMutableBufferPointer<Float>) throws(BackendError) {
        try product.validate(b: b.count, a: a.count, out: out.count, backend: "cpu")
        nonisolated(unsafe) let (bp, ap, op) = (b.baseAddress!, a.baseAddress!, out.baseAddress!)
        record(.lowrank) {
            product.forEachRowBlock(workers: workers) { rows in product.writeRows(rows, b: bp, a: ap, into: op) }
        }
    }
}
