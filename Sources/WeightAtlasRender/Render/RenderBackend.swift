import WeightAtlasTensor

/// A stage of a backend's work that it times: the key of `StageTimings` and, by raw value, of
/// the benchmark's `stages_seconds` ("render reduce", ...).
public enum Stage: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Values copied to the device.
    case upload
    /// ggml blocks to Float32 on the device.
    case dequantize
    /// Segment statistics.
    case reduce
    /// Histogram bins.
    case histogram
    /// Values to levels.
    case rescale
    /// Levels to pixels.
    case tile
    /// Results copied back to the host.
    case download
    /// A LoRA module's low-rank product.
    case lowrank
    /// The CPU's rescale and tile in one pass.
    case rescaleTile = "rescale+tile"
    /// The CPU's fused reduce, rescale and tile.
    case reduceRescaleTile = "reduce+rescale+tile"

    /// The raw value.
    public var description: String { rawValue }
}

/// Seconds spent per stage since the last `takeTimings()`, and the bytes moved between host
/// and device meanwhile.
public struct StageTimings: Sendable, Equatable {
    /// Seconds by stage.
    public var seconds: [Stage: Double] = [:]
    /// Bytes copied between host and device memory (uploads plus downloads; 0 on the CPU).
    public var transferredBytes = 0

    /// No time recorded.
    public init() {}

    /// Adds `duration` to `stage`.
    public mutating func add(_ stage: Stage, _ duration: Double) { seconds[stage, default: 0] += duration }

    /// Adds every stage and the transferred bytes of `other`.
    public mutating func add(_ other: StageTimings) {
        for (stage, duration) in other.seconds { add(stage, duration) }
        transferredBytes += other.transferredBytes
    }
}

/// Does the per-value work: reduce (statistics), rescale (levels) and tile (pixels).
///
/// Every backend produces the same bytes for the same job: the rescale is the Float32
/// expression of `GroupParams.level`, with group parameters computed on the host.
public protocol RenderBackend: AnyObject, Sendable {
    /// Name and device, for messages and the manifest.
    var description: String { get }

    /// Statistics of the runs of `values`: the values are elements `e0 ..< e0 + count` of
    /// a sequence cut into segments of `segmentLength`, with `phase = e0 % segmentLength`.
    /// Returns one entry per segment the chunk touches (the first and last may be partial).
    func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int) throws(BackendError) -> [SegmentStats]

    /// Draws `job`'s rows into `pixels` (`job.byteCount` bytes) from `values`: the canonical
    /// values of `job.tiles`, starting with the first value of its first tile.
    func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer) throws(BackendError)

    /// Returns and clears the per-stage times recorded so far.
    func takeTimings() -> StageTimings

    /// `reduce` of values that are elements `origin.start…` of the tensor `origin` names: a
    /// backend with device memory keeps the tensor there, so later calls on it move no values.
    func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int,
                origin: ValueOrigin?) throws(BackendError) -> [SegmentStats]

    /// `render` of a band whose values are elements `origin.start…` of the tensor `origin` names.
    func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer,
                origin: ValueOrigin?) throws(BackendError)
}

/// Where a call's values lie: elements `start ..< start + n` of a tensor of `count` values
/// that `tensor` names (`ValueSource.identity`, unique per source in the process, whose values
/// never change). A backend may keep the tensor's values in device memory under that name.
public struct ValueOrigin: Sendable, Equatable {
    /// The tensor's identity.
    public var tensor: UInt64
    /// Values in the tensor.
    public var count: Int
    /// Index of the call's first value.
    public var start: Int

    /// The origin of the values from `start` of `source`.
    public init(_ source: ValueSource, start: Int) {
        tensor = source.identity
        count = source.count
        self.start = start
    }
}

extension RenderBackend {
    /// Without device memory, where the values come from does not matter.
    public func reduce(_ values: UnsafeBufferPointer<Float>, segmentLength: Int, phase: Int,
                       origin: ValueOrigin?) throws(BackendError) -> [SegmentStats] {
        try reduce(values, segmentLength: segmentLength, phase: phase)
    }

    /// Without device memory, where the values come from does not matter.
    public func render(_ job: BandJob, values: UnsafeBufferPointer<Float>, into pixels: UnsafeMutableRawBufferPointer,
                       origin: ValueOrigin?) throws(BackendError) {
        try render(job, values: values, into: pixels)
    }
    /// Number of segment entries `reduce` returns for `count` values at `phase`.
    public static func segmentCount(count: Int, segmentLength: Int, phase: Int) -> Int {
        count == 0 ? 0 : (phase + count + segmentLength - 1) / segmentLength
    }
}
