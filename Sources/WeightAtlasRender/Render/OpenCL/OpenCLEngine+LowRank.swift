import COpenCL
import WeightAtlasTensor

extension OpenCLEngine {
    /// `product` of `b` and `a` on the device (Kernels/lowrank.cl), with the stages' device times.
    /// - Throws: `BackendError` for factors of the wrong size or a failing OpenCL call.
    func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                  into out: UnsafeMutableBufferPointer<Float>) throws(BackendError) -> StageTimings {
        try product.validate(b: b.count, a: a.count, out: out.count, backend: "opencl")
        guard product.rows < Int(UInt32.max), product.cols < Int(UInt32.max), product.rank < Int(UInt32.max) else {
            throw BackendError(backend: "opencl", message: "low-rank product too large for 32-bit indices")
        }
        let factorB = try values.ensure(b.count * 4)
        let factorA = try lowRankA.ensure(a.count * 4)
        let output = try dequantized.ensure(product.count * 4)
        return try session { events throws(BackendError) in
            try upload(UnsafeRawBufferPointer(b), to: factorB, &events)
            try upload(UnsafeRawBufferPointer(a), to: factorA, &events)
            let k = lowRankKernel
            try k.set(0, factorB)
            try k.set(1, factorA)
            try k.set(2, UInt32(product.rows))
            try k.set(3, UInt32(product.cols))
            try k.set(4, UInt32(product.rank))
            try k.set(5, product.scale)
            try k.set(6, UInt32(product.transposed ? 1 : 0))
            try k.set(7, output)
            let width = (product.cols + lowRankGroup - 1) / lowRankGroup * lowRankGroup
            events.append((.lowrank, try queue.run(k, global: [width, product.rows], local: [lowRankGroup, 1])))
            let bytes = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[0..<product.count * 4])
            events.append((.download, try queue.read(output, into: bytes)))
        }
    }
}
