import WeightAtlasTensor

/// A tensor's affine quantisation (`QuantizationParameters`): x = scale · (q − zero_point),
/// one pair for the whole tensor or one per index of `dimension` (per-channel).
struct TFLiteQuantization: Sendable, Equatable {
    /// Scales, one or one per channel.
    var scale: [Float]
    /// Zero points, as many as scales.
    var zeroPoint: [Int64]
    /// The channel dimension of per-channel parameters.
    var dimension: Int

    /// Checks the parameters against `shape`.
    /// - Returns: nil when they fit, else why not.
    func problem(shape: [Int]) -> String? {
        guard zeroPoint.count == scale.count else {
            return "\(scale.count) scales but \(zeroPoint.count) zero points"
        }
        guard scale.count > 1 else { return nil }
        guard dimension >= 0, dimension < shape.count else {
            return "quantized_dimension \(dimension) outside a rank-\(shape.count) tensor"
        }
        guard shape[dimension] == scale.count else {
            return "\(scale.count) scales for \(shape[dimension]) channels along dimension \(dimension)"
        }
        return nil
    }

    /// The elements `raw` (little-endian `dtype`, row-major `shape`) dequantised to Float32.
    func dequantise(_ raw: UnsafeRawBufferPointer, dtype: DType, shape: [Int]) -> InflatedBuffer {
        let count = shape.reduce(1, *)
        let buffer = InflatedBuffer(count: count * 4)
        let out = buffer.bytes.bindMemory(to: Float.self)
        let inner = scale.count > 1 ? shape[(dimension + 1)...].reduce(1, *) : count
        for i in 0..<count {
            let channel = scale.count > 1 ? (i / inner) % scale.count : 0
            let q = Self.integer(raw, dtype: dtype, at: i)
            // An int64 value and zero point may be far apart (found by Fuzz/TFLite): past
            // Int64 the difference is taken in Double.
            let (difference, overflow) = q.subtractingReportingOverflow(zeroPoint[channel])
            out[i] = scale[channel] * (overflow ? Float(Double(q) - Double(zeroPoint[channel])) : Float(difference))
        }
        return buffer
    }

    /// Element `index` of integer `raw` as Int64.
    private static func integer(_ raw: UnsafeRawBufferPointer, dtype: DType, at index: Int) -> Int64 {
        switch dtype {
        case .i8: Int64(Int8(bitPattern: raw[index]))
        case .u8: Int64(raw[index])
        case .i16: Int64(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: Int16.self)))
        case .u16: Int64(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)))
        case .i32: Int64(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: index * 4, as: Int32.self)))
        default: Int64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: Int64.self))
        }
    }

    /// True for the stored types that are dequantised when they carry scales.
    static func isQuantisable(_ dtype: DType) -> Bool { [.i8, .u8, .i16, .u16, .i32, .i64].contains(dtype) }
}
