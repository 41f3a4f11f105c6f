import Dispatch

/// A tensor's values in a layout's canonical order, handed out as Float32 runs: straight
/// from the mapping when the stored bytes already are aligned host Float32 in that order,
/// converted into a scratch buffer otherwise.
public struct ValueSource: @unchecked Sendable {
    /// The stored bytes.
    public let bytes: TensorBytes
    /// Canonical order over the stored elements.
    public let view: StridedView
    /// How stored elements become Float32.
    public let conversion: ElementConversion

    /// Values of `info` (whose bytes are `bytes`) seen through `view`.
    public init(bytes: TensorBytes, info: TensorInfo, view: StridedView) {
        self.bytes = bytes
        self.view = view
        self.conversion = ElementConversion(dtype: info.dtype, byteOrder: info.byteOrder)
    }

    /// Number of values.
    public var count: Int { view.count }

    /// True when runs come straight from the mapping, with no copy.
    public var isZeroCopy: Bool {
        conversion.isIdentity && view.isContiguous
            && Int(bitPattern: bytes.bytes.baseAddress) % MemoryLayout<Float>.alignment == 0
    }

    /// Calls `body` with values `range` (in canonical order), converting into `scratch` if needed.
    public func withValues<R, E: Error>(_ range: Range<Int>, scratch: inout [Float],
                                        _ body: (UnsafeBufferPointer<Float>) throws(E) -> R) throws(E) -> R {
        guard let base = bytes.bytes.baseAddress, !range.isEmpty else {
            return try body(UnsafeBufferPointer(start: nil, count: 0))
        }
        if isZeroCopy {
            let start = base.assumingMemoryBound(to: Float.self) + view.origin + range.lowerBound
            return try body(UnsafeBufferPointer(start: start, count: range.count))
        }
        if scratch.count < range.count { scratch = [Float](repeating: 0, count: range.count) }
        let buffer = scratch.withUnsafeMutableBufferPointer { buffer in
            convert(range, from: base, into: buffer.baseAddress!)
            return UnsafeBufferPointer(start: buffer.baseAddress, count: range.count)
        }
        // `scratch` is not touched again until `body` returns, so its storage stays put.
        return try withExtendedLifetime(scratch) { () throws(E) -> R in try body(buffer) }
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
    public func forEachChunk<E: Error>(maxCount: Int, unit: Int = 1, scratch: inout [Float],
                                       _ body: (Range<Int>, UnsafeBufferPointer<Float>) throws(E) -> Void) throws(E) {
        let step = max(unit, maxCount / max(1, unit) * unit)
        var start = 0
        while start < count {
            let range = start..<min(count, start + step)
            try withValues(range, scratch: &scratch) { (values) throws(E) in try body(range, values) }
            start = range.upperBound
        }
    }
}
