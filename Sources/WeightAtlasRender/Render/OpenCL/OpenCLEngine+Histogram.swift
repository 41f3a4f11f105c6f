import COpenCL
import WeightAtlasTensor

extension OpenCLEngine {
    /// Adds the bins of `values` to `counts` on the device (Kernels/histogram.cl), with the
    /// stages' device times: at most 256 work-groups, each counting a stride of the chunk, read
    /// from the resident copy of `origin`'s tensor when it has one (`place`).
    /// - Throws: `BackendError` naming the failing OpenCL call.
    func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int],
                   origin: ValueOrigin? = nil) throws(BackendError) -> StageTimings {
        guard thresholds.count == Histogram.binCount + 1 else {
            throw BackendError(backend: "opencl", message: "histogram: \(thresholds.count) thresholds, not \(Histogram.binCount + 1)")
        }
        guard !values.isEmpty else { return StageTimings() }
        let group = histogramGroup
        let groups = min(256, (values.count + group - 1) / group)
        let edges = try params.ensure(thresholds.count * 4)
        let output = try stats.ensure(groups * Histogram.binCount * 4)
        var partial = [UInt32](repeating: 0, count: groups * Histogram.binCount)
        let timings = try session { events throws(BackendError) in
            let input = try place(values, origin: origin, &events)
            try thresholds.withUnsafeBytes { bytes in Result { () throws(BackendError) in try upload(bytes, to: edges, &events) } }.get()
            let k = histogramKernel
            try k.set(0, input.buffer)
            try k.set(1, UInt64(values.count))
            try k.set(2, edges)
            try k.set(3, output)
            try k.setLocal(4, bytes: Histogram.binCount * 4)
            try k.set(5, UInt64(input.offset))
            let guess = Histogram.guess(thresholds)
            try k.set(6, guess.lo)
            try k.set(7, guess.scale)
            try k.set(8, Histogram.margin(thresholds, lo: guess.lo, scale: guess.scale))
            events.append((.histogram, try queue.run(k, global: [groups * group], local: [group])))
            let download = partial.withUnsafeMutableBytes { bytes in
                Result { () throws(BackendError) in try queue.read(output, into: bytes) }
            }
            events.append((.download, try download.get()))
        }
        for g in 0..<groups { for b in 0..<Histogram.binCount { counts[b] += Int(partial[g * Histogram.binCount + b]) } }
        return timings
    }
}
