#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WeightAtlasFormats
import WeightAtlasTensor

extension DifferenceFile {
    /// Writes B − A of one tensor pair chunk by chunk to an unlinked temporary file, maps
    /// it, and gathers per-filter statistics and A's and B's shared finite range on the way.
    /// B's rows are read in A's order.
    func compute(_ pair: TensorPairing.Pair) throws(FormatError)
        -> (bytes: TensorBytes, filters: [FilterChange], range: (low: Float, high: Float)?) {
        let infoA = pair.a, infoB = pair.b
        let bytesA = try a.bytes(of: infoA), bytesB = try b.bytes(of: infoB)
        let count = infoA.count
        let filterCount = infoA.shape.count >= 2 ? Swift.max(infoA.shape[0], 1) : 1
        let filterLength = Swift.max(1, count / filterCount)
        var filters = [FilterChange](repeating: FilterChange(), count: filterCount)
        let scratch = NSTemporaryDirectory() + "/weightatlas-diff-\(getpid())-\(UUID().uuidString).f32"
        guard let handle = fopen(scratch, "wb") else { throw ioError("cannot create \(scratch)", infoA.name) }
        defer { unlink(scratch) }
        var valuesA = [Float](repeating: 0, count: Swift.min(Self.chunk, Swift.max(count, 1)))
        var valuesB = valuesA
        var failed = false
        var start = 0
        var low = Float.infinity, high = -Float.infinity
        while start < count && !failed {
            let range = start..<Swift.min(count, start + Self.chunk)
            read(infoA, bytesA, range, into: &valuesA)
            read(infoB, bytesB, range, rows: pair.rows, into: &valuesB)
            for i in 0..<range.count {
                let (x, y) = (valuesA[i], valuesB[i])
                if x.isFinite { (low, high) = (Swift.min(low, x), Swift.max(high, x)) }
                if y.isFinite { (low, high) = (Swift.min(low, y), Swift.max(high, y)) }
            }
            var i = 0
            while i < range.count {
                // One run of values per filter (the last filter takes any remainder).
                let filter = Swift.min((range.lowerBound + i) / filterLength, filterCount - 1)
                let end = filter == filterCount - 1 ? range.count : Swift.min(range.count, (filter + 1) * filterLength - range.lowerBound)
                var change = filters[filter]
                for k in i..<end {
                    let delta = valuesB[k] - valuesA[k]
                    valuesB[k] = delta
                    change.add(base: valuesA[k], change: delta)
                }
                filters[filter] = change
                i = end
            }
            failed = valuesB.withUnsafeBytes { fwrite($0.baseAddress, 4, range.count, handle) } != range.count
            start = range.upperBound
        }
        withExtendedLifetime((bytesA, bytesB)) {}
        if fclose(handle) != 0 || failed { throw ioError("cannot write \(scratch)", infoA.name) }
        let mapped = try MappedFile(path: scratch)
        return (TensorBytes(bytes: mapped.bytes, owner: mapped), filters, low <= high ? (low, high) : nil)
    }

    /// Converts elements `range` (row-major) of a tensor into `out`; with `rows`, element
    /// (r, c) is read from row `rows.bRow(of: r)`, one run per row.
    func read(_ info: TensorInfo, _ bytes: TensorBytes, _ range: Range<Int>, rows: TensorPairing.RowOrder? = nil,
              into out: inout [Float]) {
        bytes.withUnsafeBytes { stored in
            guard let base = stored.baseAddress else { return }
            read(info, base, range, rows: rows, into: &out)
        }
    }

    /// `read` from `base`, the tensor's first byte.
    private func read(_ info: TensorInfo, _ base: UnsafeRawPointer, _ range: Range<Int>, rows: TensorPairing.RowOrder?,
                      into out: inout [Float]) {
        let conversion = ElementConversion(dtype: info.dtype, byteOrder: info.byteOrder)
        let view = info.storedView
        out.withUnsafeMutableBufferPointer { buffer in
            guard let rows, rows.rows > 0 else {
                view.read(range, from: base, conversion: conversion, into: buffer.baseAddress!)
                return
            }
            let length = info.count / rows.rows
            var position = range.lowerBound
            while position < range.upperBound {
                let (row, column) = position.quotientAndRemainder(dividingBy: length)
                let run = Swift.min(length - column, range.upperBound - position)
                let source = rows.bRow(of: row) * length + column
                view.read(source..<source + run, from: base, conversion: conversion,
                          into: buffer.baseAddress! + (position - range.lowerBound))
                position += run
            }
        }
    }

    func ioError(_ message: String, _ tensor: String) -> FormatError {
        FormatError(file: path, format: Self.formatName, kind: .io(message + " (" + String(cString: strerror(errno)) + ")"), tensor: tensor)
    }
}
