import Dispatch
import Synchronization

/// A tensor's values in a layout's canonical order, handed out as Float32 runs: straight
/// from the mapping when the stored bytes already are aligned host Float32 in that order,
/// decoded by `dequantizer` when it takes the block-quantised type and the view is
/// contiguous, converted on the host into a scratch buffer otherwise.
public struct ValueSource: @unchecked Sendable {
    /// The stored bytes.
    public let bytes: TensorBytes
    /// Canonical order over the stored elements.
    public let view: StridedView
    /// How stored elements become Float32.
    public let conversion: ElementConversion
    /// Decodes contiguous runs of a block-quantised tensor in place of the host (a backend's
    /// kernel); nil, or a type it declines, keeps the host path.
    public var dequantizer: (any BlockDequantizer)?
    /// Unique in the process per source made by `init` (copies share it: their values are the
    /// same), so a backend can keep the values in device memory under it (`ValueOrigin`).
    public let identity: UInt64

    static let identities = Atomic<UInt64>(0)

    /// Values of `info` (whose bytes are `bytes`) seen through `view`, block-quantised runs
    /// decoded by `dequantizer` where it can.
    public init(bytes: TensorBytes, info: TensorInfo, view: StridedView, dequantizer: (any BlockDequantizer)? = nil) {
        self.bytes = bytes
        self.view = view
        self.conversion = ElementConversion(dtype: info.dtype, byteOrder: info.byteOrder)
        self.dequantizer = dequantizer
        identity = Self.identities.add(1, ordering: .relaxed).newValue
    }

    /// Number of values.
    public var count: Int { view.count }

    /// True when runs come straight from the mapping, with no copy.
    public var isZeroCopy: Bool {
        conversion.isIdentity && view.isContiguous
            && bytes.isAligned(to: MemoryLayout<Float>.alignment)
    }

    /// True when runs are decoded by `dequantizer` rather than on the host.
    public var usesDequantizer: Bool {
        view.isContiguous && conversion.dtype.isBlockQuantized && dequantizer?.canDequantize(conversion.dtype) == true
    }

    /// Calls `body` with values `range` (in canonical order), converting into `scratch` if needed.
    /// - Throws: what `body` throws, and `BackendError` when `dequantizer` fails.
    public func withValues<R>(_ range: Range<Int>, scratch: inout [Float],
                              _ body: (UnsafeBufferPointer<Float>) throws(BackendError) -> R) throws(BackendError) -> R {
        try bytes.withUnsafeBytes { (stored) throws(BackendError) -> R in
            try values(range, of: stored, scratch: &scratch, body)
        }
    }

    /// `withValues` over `stored`, the tensor's bytes.
    private func values<R>(_ range: Range<Int>, of stored: UnsafeRawBufferPointer, scratch: inout [Float],
                           _ body: (UnsafeBufferPointer<Float>) throws(BackendError) -> R) throws(BackendError) -> R {
        guard let base = stored.baseAddress, !range.isEmpty else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        if isZeroCopy {
            let start = base.assumingMemoryBound(to: Float.self) + view.origin + range.lowerBound
            return try body(UnsafeBufferPointer(start: start, count: range.count))
        }
        if scratch.count < range.count { scratch = [Float](repeating: 0, count: range.count) }
        let decoder = usesDequantizer ? dequantizer : nil
        // `body` runs inside the scratch's access, so the pointer it gets never outlives it.
        return try scratch.withUnsafeMutableBufferPointer { buffer throws(BackendError) -> R in
            if let decoder {
                let elements = (view.origin + range.lowerBound)..<(view.origin + range.upperBound)
                try decoder.dequantize(stored, dtype: conversion.dtype, elements: elements, into: buffer.baseAddress!)
            } else {
                convert(range, from: base, into: buffer.baseAddress!)
            }
            return try body(UnsafeBufferPointer(start: buffer.baseAddress, count: range.count))
        }
    }

    /// Converts `range` in parallel pieces when it is large.
    private func convert(_ range: Range<Int>, from base: UnsafeRawPointer, into out: UnsafeMutablePointer<Float>) {
        let pieces = range.count >= 1 << 20 ? 16 : 1
        nonisolated(unsafe) let out = out
        nonisolated(unsafe) let base = base
        let (view, conversion) = (self.view, self.conversion)
        let work: @Sendable (Int) -> Void = { p in
            let lower = range.lowerBound + range.count * p / pieces
            let upper = range.lowerBound + range.count * (p + 1) / pieces
            view.read(lower..<upper, from: base, conversion: conversion, into: out + (lower - range.lowerBound))
        }
        if pieces == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: pieces, execute: work) }
    }

    /// Calls `body` for consecutive chunks of at most `maxCount` values (at least one `unit`),
    /// each starting at a multiple of `unit`.
    /// - Throws: what `body` throws, and `BackendError` when `dequantizer` fails.
    public func forEachChunk(maxCount: Int, unit: Int = 1, scratch: inout [Float],
                             _ body: (Range<Int>, UnsafeBufferPointer<Float>) throws(BackendError) -> Void) throws(BackendError) {
        let step = max(unit, maxCount / max(1, unit) * unit)
        var start = 0
        while start < count {
            let range = start..<min(count, start + step)
            try withValues(range, scratch: &scratch) { (values) throws(BackendError) in try body(range, values) }
            start = range.upperBound
        }
    }
}
