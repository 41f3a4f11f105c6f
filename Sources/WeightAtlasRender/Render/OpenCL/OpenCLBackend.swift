import Synchronization
import WeightAtlasTensor

/// The OpenCL backend: reduce, rescale and tile run as OpenCL kernels (Kernels/*.cl) on
/// one device, producing the same pixel bytes as `CPUBackend` and the same min/max/NaN/Inf;
/// block-quantised tensors are decoded there too (`BlockDequantizer`), to the host's floats.
///
/// One in-order queue serves every call; calls from several threads take turns on a lock.
/// Stage times ("upload", "dequantize", "reduce", "rescale", "tile", "download") are device
/// times from event profiling.
public final class OpenCLBackend: RenderBackend, BlockDequantizer, LowRankMultiplier, HistogramCounter {
    /// The device the kernels run on.
    public let device: OpenCL.Device
    /// Where the kernel sources came from: "embedded" or the override directory.
    public let kernelOrigin: String
    /// How the kernels cut work into work-items.
    public let shapes: KernelShapes
    private let engine: Mutex<OpenCLEngine>
    private let timings = Mutex(StageTimings())

    /// Builds the kernels for `device` (context, profiling queue, one program per file).
    ///
    /// Sources are the embedded ones unless `kernelsDirectory` is given or, when it is nil,
    /// the environment variable `WEIGHTATLAS_KERNELS_DIR` names a directory; then reduce.cl,
    /// rescale.cl, tile.cl and dequant.cl are read from there.
    /// - Throws: `BackendError` naming the failing OpenCL call; a failed kernel build carries
    ///   the device's build log; a missing kernel file is named.
    ///
    /// `WEIGHTATLAS_INJECT_OPENCL_FAULT` (`build`, `resources`, `lost`) is a test hook that
    /// injects a device failure (`OpenCLFaultInjection`).
    public init(device: OpenCL.Device, kernelsDirectory: String? = nil, shapes: KernelShapes = .forDevice) throws(BackendError) {
        try OpenCLFaultInjection.checkBuild()
        let sources = try KernelSources.load(directory: kernelsDirectory)
        self.device = device
        self.shapes = shapes
        kernelOrigin = sources.origin
        engine = Mutex(try OpenCLEngine(device: device, sources: sources, shapes: shapes))
    }

    /// How work is cut into work-items. The bytes are the same either way (the parity tests
    /// run both on PoCL, so a GPU's kernels are tested on CI too).
    public enum KernelShapes: Sendable {
        /// A work-item walking a run of values on a CPU device (`reduce_each` for segments up
        /// to 64 Ki values, `rescale_runs`); a work-group per segment and a work-item per
        /// value elsewhere.
        case forDevice
        /// The GPU's shapes whatever the device.
        case gpu
    }

    /// "opencl (NAME, gpu, PLATFORM)".
    public var description: String {
        "opencl (\(device.name), \(device.kind.rawValue), \(device.platformName))"
            + (kernelOrigin == "embedded" ? "" : " kernels from \(kernelOrigin)")
    }

    /// Per-segment min/max over finite values, NaN/Inf counts and Float32 sums, computed by
    /// the `reduce_segments` kernel (one work-group per segment).
    /// - Throws: `BackendError` naming the failing OpenCL call.
    public func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int) throws(BackendError) -> [SegmentStats] {
        try reduce(values, segmentLength: segmentLength, phase: phase, origin: nil)
    }

    /// `reduce`, reading the values from the device's copy of `origin`'s tensor (uploaded
    /// once, by whichever call needs a range first).
    /// - Throws: `BackendError` naming the failing OpenCL call.
    public func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int,
                       origin: ValueOrigin?) throws(BackendError) -> [SegmentStats] {
        try OpenCLFaultInjection.checkLaunch("reduce_segments")
        let (result, stages) = try engine.withLock { engine throws(BackendError) in
            try engine.reduce(values, segmentLength: segmentLength, phase: phase, origin: origin)
        }
        record(stages)
        return result
    }

    /// Draws `job` with the `rescale_values` and `tile_pixels` kernels.
    /// - Throws: `BackendError` for a job the kernels cannot draw or a failing OpenCL call.
    public func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError) {
        try render(job, values: values, into: pixels, origin: nil)
    }

    /// `render`, reading the band's values from the device's copy of `origin`'s tensor.
    /// - Throws: `BackendError` for a job the kernels cannot draw or a failing OpenCL call.
    public func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer,
                       origin: ValueOrigin?) throws(BackendError) {
        try OpenCLFaultInjection.checkLaunch("rescale_values")
        let stages = try engine.withLock { engine throws(BackendError) in
            try engine.render(job, values: values, into: pixels, origin: origin)
        }
        record(stages)
    }

    /// True for the block-quantised types the device decodes bit-identically to the host.
    public func canDequantize(_ dtype: DType) -> Bool {
        engine.withLock { $0.canDequantize(dtype) }
    }

    /// Decodes `elements` of a block-quantised tensor with the type's kernel in
    /// Kernels/dequant.cl, in launches of at most 4 M elements.
    /// - Throws: `BackendError` for a type the device does not decode, a range outside
    ///   `blocks` or a failing OpenCL call.
    public func dequantize(_ blocks: UnsafeRawBufferPointer, dtype: DType, elements: Range<Int>,
                           into out: UnsafeMutablePointer<Float>) throws(BackendError) {
        try OpenCLFaultInjection.checkLaunch("dequantize")
        let stages = try engine.withLock { engine throws(BackendError) in
            try engine.dequantize(blocks, dtype: dtype, elements: elements, into: out)
        }
        record(stages)
    }

    /// A LoRA module's delta with Kernels/lowrank.cl, bit-identical to the CPU's.
    /// - Throws: `BackendError` for factors of the wrong size or a failing OpenCL call.
    public func multiply(_ product: LowRankProduct, b: UnsafeBufferPointer<Float>, a: UnsafeBufferPointer<Float>,
                         into out: UnsafeMutableBufferPointer<Float>) throws(BackendError) {
        try OpenCLFaultInjection.checkLaunch("lowrank")
        let stages = try engine.withLock { engine throws(BackendError) in try engine.multiply(product, b: b, a: a, into: out) }
        record(stages)
    }

    /// Adds the bins of `values` to `counts` with Kernels/histogram.cl, exactly the CPU's counts.
    /// - Throws: `BackendError` naming the failing OpenCL call.
    public func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int]) throws(BackendError) {
        try countBins(values, thresholds: thresholds, into: &counts, origin: nil)
    }

    /// `countBins`, reading the values from the device's copy of `origin`'s tensor.
    /// - Throws: `BackendError` naming the failing OpenCL call.
    public func countBins(_ values: UnsafeBufferPointer<Float>, thresholds: [Float], into counts: inout [Int],
                          origin: ValueOrigin?) throws(BackendError) {
        try OpenCLFaultInjection.checkLaunch("histogram")
        let stages = try engine.withLock { engine throws(BackendError) in
            try engine.countBins(values, thresholds: thresholds, into: &counts, origin: origin)
        }
        record(stages)
    }

    /// Returns and clears the per-stage device times.
    public func takeTimings() -> StageTimings {
        timings.withLock { current in
            defer { current = StageTimings() }
            return current
        }
    }

    private func record(_ stages: StageTimings) {
        timings.withLock { total in
            total.add(stages)
        }
    }
}
