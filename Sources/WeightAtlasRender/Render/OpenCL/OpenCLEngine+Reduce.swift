import COpenCL
import WeightAtlasTensor

extension OpenCLEngine {
    /// Segments up to this long are reduced a work-item each on a CPU device (`reduce_each`).
    static let eachSegmentLimit = 1 << 16

    /// Per-segment statistics of `values` on the device: one work-group per segment of the
    /// chunk, or on a CPU device one work-item per segment up to `eachSegmentLimit` values
    /// (see Kernels/reduce.cl), with the stages' device times; the values are read from
    /// the resident copy of `origin`'s tensor when it has one (`place`).
    /// - Throws: `BackendError` naming the failing OpenCL call.
    func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int,
                origin: ValueOrigin? = nil) throws(BackendError) -> ([SegmentStats], StageTimings) {
        guard segmentLength > 0, phase >= 0, phase < segmentLength else {
            throw BackendError(backend: "opencl", message: "reduce: invalid segment length \(segmentLength) or phase \(phase)")
        }
        let count = OpenCLBackend.segmentCount(count: values.count, segmentLength: segmentLength, phase: phase)
        guard count > 0 else { return ([], StageTimings()) }
        var group = 1
        while group < segmentLength && group < reduceGroupLimit { group *= 2 }

        let stride = MemoryLayout<SegmentStats>.stride
        let output = try stats.ensure(count * stride)
        var result = [SegmentStats](repeating: .empty, count: count)
        let each = perRun && segmentLength <= Self.eachSegmentLimit
        let timings = try session { events throws(BackendError) in
            let input = try place(values, origin: origin, &events)
            // Both kernels begin with values, n, segment length, phase and the output.
            let k = each ? reduceEachKernel : reduceKernel
            try k.set(0, input.buffer)
            try k.set(1, UInt64(values.count))
            try k.set(2, UInt64(segmentLength))
            try k.set(3, UInt64(phase))
            try k.set(4, output)
            if each {
                try k.set(5, UInt64(count))
                try k.set(6, UInt64(input.offset))
                let group = reduceEachGroup
                events.append((.reduce, try queue.run(k, global: [(count + group - 1) / group * group], local: [group])))
            } else {
                for argument in 5...10 { try k.setLocal(argument, bytes: group * 4) }
                try k.set(11, UInt64(input.offset))
                events.append((.reduce, try queue.run(k, global: [count * group], local: [group])))
            }
            let download = result.withUnsafeMutableBytes { bytes in
                Result { () throws(BackendError) in try queue.read(output, into: bytes) }
            }
            events.append((.download, try download.get()))
        }
        return (result, timings)
    }
}
