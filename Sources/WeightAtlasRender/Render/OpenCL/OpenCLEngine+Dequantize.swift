import COpenCL
import WeightAtlasTensor

extension OpenCLEngine {
    /// Most elements decoded per kernel launch (a multiple of every block size): the device
    /// holds at most 16 MiB of floats and the blocks behind them.
    static let dequantChunk = 1 << 22

    /// The kernel names of Kernels/dequant.cl, by type.
    static let dequantKernelNames: [DType: String] = [
        .q4_0: "dequant_q4_0", .q4_1: "dequant_q4_1", .q5_0: "dequant_q5_0", .q5_1: "dequant_q5_1",
        .q8_0: "dequant_q8_0", .q2_K: "dequant_q2_K", .q3_K: "dequant_q3_K", .q4_K: "dequant_q4_K",
        .q5_K: "dequant_q5_K", .q6_K: "dequant_q6_K", .q8_K: "dequant_q8_K",
    ]

    /// True when the device decodes `dtype` bit-identically to the host: every type with an
    /// f16 scale (whose products are never subnormal), and Q8_K (an f32 scale, so possibly
    /// subnormal values) only where the device keeps subnormals (CL_FP_DENORM).
    func canDequantize(_ dtype: DType) -> Bool {
        guard dequantKernels[dtype] != nil else { return false }
        return dtype != .q8_K || keepsSubnormals
    }

    /// Decodes `elements` of the blocks of `dtype` at `blocks` into `out`, in launches of at
    /// most `dequantChunk` elements: upload the covering blocks, run the type's kernel,
    /// download the floats.
    /// - Throws: `BackendError` for a type the device does not decode, a range outside
    ///   `blocks` or a failing OpenCL call.
    func dequantize(_ blocks: UnsafeRawBufferPointer, dtype: DType, elements: Range<Int>,
                    into out: UnsafeMutablePointer<Float>) throws(BackendError) -> StageTimings {
        func fail(_ message: String) -> BackendError { BackendError(backend: "opencl", message: "dequantize \(dtype.rawValue): " + message) }
        guard let kernel = dequantKernels[dtype], canDequantize(dtype) else { throw fail("not decoded on this device") }
        let (blockSize, blockBytes) = (dtype.blockSize, dtype.blockBytes)
        let available = blocks.count / blockBytes * blockSize
        guard elements.lowerBound >= 0, elements.upperBound <= available else {
            throw fail("elements \(elements) outside the \(available) elements of \(blocks.count) bytes")
        }
        guard !elements.isEmpty, let base = blocks.baseAddress else { return StageTimings() }
        var timings = StageTimings()
        var start = elements.lowerBound
        while start < elements.upperBound {
            let firstBlock = start / blockSize
            let end = min(elements.upperBound, firstBlock * blockSize + Self.dequantChunk)
            let blockCount = (end - 1) / blockSize + 1 - firstBlock
            let source = UnsafeRawBufferPointer(start: base + firstBlock * blockBytes, count: blockCount * blockBytes)
            let destination = UnsafeMutableRawBufferPointer(start: out + (start - elements.lowerBound), count: (end - start) * 4)
            let stages = try launch(kernel, source: source, count: end - start, first: start - firstBlock * blockSize, into: destination)
            timings.add(stages)
            start = end
        }
        return timings
    }

    /// One launch: `source` (whole blocks) up, `count` floats from element `first` of them down.
    private func launch(_ kernel: OpenCL.Kernel, source: UnsafeRawBufferPointer, count: Int, first: Int,
                        into destination: UnsafeMutableRawBufferPointer) throws(BackendError) -> StageTimings {
        let input = try quantized.ensure(source.count)
        let output = try dequantized.ensure(count * 4)
        return try session { events throws(BackendError) in
            try upload(source, to: input, &events)
            try kernel.set(0, input)
            try kernel.set(1, UInt64(count))
            try kernel.set(2, UInt64(first))
            try kernel.set(3, output)
            let global = (count + dequantGroup - 1) / dequantGroup * dequantGroup
            events.append((.dequantize, try queue.run(kernel, global: [global], local: [dequantGroup])))
            events.append((.download, try queue.read(output, into: destination)))
        }
    }
}
