#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension DifferenceFile {
    /// Writes B − A of one tensor pair chunk by chunk to an unlinked temporary file, maps
    /// it, and gathers per-filter statistics on the way.
    func compute(_ infoA: TensorInfo, _ infoB: TensorInfo) throws(FormatError) -> (bytes: TensorBytes, filters: [FilterChange]) {
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
        while start < count && !failed {
            let range = start..<Swift.min(count, start + Self.chunk)
            read(infoA, bytesA, range, into: &valuesA)
            read(infoB, bytesB, range, into: &valuesB)
            for i in 0..<range.count {
                let change = valuesB[i] - valuesA[i]
                valuesB[i] = change
                filters[Swift.min((range.lowerBound + i) / filterLength, filterCount - 1)].add(base: valuesA[i], change: change)
            }
            failed = valuesB.withUnsafeBytes { fwrite($0.baseAddress, 4, range.count, handle) } != range.count
            start = range.upperBound
        }
        withExtendedLifetime((bytesA, bytesB)) {}
        if fclose(handle) != 0 || failed { throw ioError("cannot write \(scratch)", infoA.name) }
        let mapped = try MappedFile(path: scratch)
        return (TensorBytes(bytes: mapped.bytes, owner: mapped), filters)
    }

    /// Converts elements `range` (row-major) of a tensor into `out`.
    func read(_ info: TensorInfo, _ bytes: TensorBytes, _ range: Range<Int>, into out: inout [Float]) {
        guard let base = bytes.bytes.baseAddress else { return }
        let conversion = ElementConversion(dtype: info.dtype, byteOrder: info.byteOrder)
        out.withUnsafeMutableBufferPointer { buffer in
            info.storedView.read(range, from: base, conversion: conversion, into: buffer.baseAddress!)
        }
    }

    func ioError(_ message: String, _ tensor: String) -> FormatError {
        FormatError(file: path, format: Self.formatName, kind: .io(message + " (" + String(cString: strerror(errno)) + ")"), tensor: tensor)
    }
}
