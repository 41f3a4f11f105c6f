import COpenCL
import WeightAtlasTensor

/// The one tensor whose values stay in device memory between calls, and which of its ranges
/// have been uploaded: the reduce, the histogram and every band of the render read this copy,
/// so each value crosses to the device once per tensor, not once per pass.
final class ResidentTensor {
    let tensor: UInt64
    let count: Int
    let buffer: OpenCL.Buffer
    /// Uploaded ranges, sorted and disjoint, merged where they touch.
    private(set) var uploaded: [Range<Int>] = []

    init(tensor: UInt64, count: Int, buffer: OpenCL.Buffer) {
        self.tensor = tensor
        self.count = count
        self.buffer = buffer
    }

    /// The parts of `range` not uploaded yet, in order.
    func gaps(in range: Range<Int>) -> [Range<Int>] {
        var gaps: [Range<Int>] = [], next = range.lowerBound
        for done in uploaded where done.upperBound > next && done.lowerBound < range.upperBound {
            if done.lowerBound > next { gaps.append(next..<done.lowerBound) }
            next = max(next, done.upperBound)
        }
        if next < range.upperBound { gaps.append(next..<range.upperBound) }
        return gaps
    }

    /// Records `range` as uploaded.
    func add(_ range: Range<Int>) {
        var merged = range, kept: [Range<Int>] = []
        for done in uploaded {
            if done.upperBound < merged.lowerBound || done.lowerBound > merged.upperBound { kept.append(done); continue }
            merged = min(done.lowerBound, merged.lowerBound)..<max(done.upperBound, merged.upperBound)
        }
        kept.append(merged)
        uploaded = kept.sorted { $0.lowerBound < $1.lowerBound }
    }
}

extension OpenCLEngine {
    /// Bytes of one tensor kept on the device: a quarter of its memory, within one allocation,
    /// and at most 1 GiB on a CPU device, where device memory is the host's.
    var residentBudget: Int {
        let limit = min(device.maxAllocation, device.globalMemory / 4)
        return Int(clamping: device.kind == .cpu ? min(limit, 1 << 30) : limit)
    }

    /// The buffer holding `values` and the index of their first value in it: the resident copy
    /// of `origin`'s tensor (its missing parts of the range uploaded first), or, without an
    /// origin or for a tensor over the budget, the scratch buffer with the values uploaded at 0.
    /// - Throws: `BackendError` naming the failing OpenCL call.
    func place(_ values: UnsafeBufferPointer<Float>, origin: ValueOrigin?,
               _ events: inout [(Stage, OpenCL.Event)]) throws(BackendError) -> (buffer: OpenCL.Buffer, offset: Int) {
        guard let origin, origin.count <= residentBudget / 4, origin.start >= 0, origin.start + values.count <= origin.count else {
            let scratch = try self.values.ensure(values.count * 4)
            try upload(UnsafeRawBufferPointer(values), to: scratch, &events)
            return (scratch, 0)
        }
        if resident?.tensor != origin.tensor || resident?.count != origin.count {
            resident = nil  // released before the next one is allocated
            resident = ResidentTensor(tensor: origin.tensor, count: origin.count,
                                      buffer: try OpenCL.Buffer(context: context, size: origin.count * 4, flags: Int32(CL_MEM_READ_ONLY)))
        }
        let tensor = resident!
        let range = origin.start..<origin.start + values.count
        for gap in tensor.gaps(in: range) {
            let bytes = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: values[(gap.lowerBound - origin.start)..<(gap.upperBound - origin.start)]))
            events.append((.upload, try queue.write(bytes, to: tensor.buffer, offset: gap.lowerBound * 4)))
            tensor.add(gap)
        }
        return (tensor.buffer, origin.start)
    }
}
