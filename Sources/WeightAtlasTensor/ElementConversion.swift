/// Converts runs of stored elements of any `DType` to Float32.
///
/// Integers convert exactly where Float32 can hold them (and round otherwise); F64 values
/// beyond Float32's range become ±infinity; NaN stays NaN.
public struct ElementConversion: Sendable {
    /// Element type of the storage.
    public let dtype: DType
    /// Byte order of the storage.
    public let byteOrder: ByteOrder

    /// A converter for elements of `dtype` stored in `byteOrder`.
    public init(dtype: DType, byteOrder: ByteOrder) {
        self.dtype = dtype
        self.byteOrder = byteOrder
    }

    /// True when stored elements already are host-order Float32 (no conversion needed).
    public var isIdentity: Bool { dtype == .f32 && byteOrder == .host }

    /// Converts `count` elements of the tensor whose bytes start at `base`: element `first`,
    /// then every `stride`-th (stride may be negative). Block-quantised types decode the
    /// blocks covering the run (stride 1) or each element on its own (any other stride).
    public func convert(_ base: UnsafeRawPointer, element first: Int, stride: Int = 1, count: Int,
                        into destination: UnsafeMutablePointer<Float>) {
        if dtype.blockSize > 1 {
            return GGMLQuant.convert(dtype, base, element: first, stride: stride, count: count, into: destination)
        }
        convert(base + first * dtype.size, stride: stride, count: count, into: destination)
    }

    /// Converts `count` elements, the first at `source`, each `stride` elements apart
    /// (element-sized dtypes only: not the block-quantised ones).
    func convert(_ source: UnsafeRawPointer, stride: Int = 1, count: Int,
                 into destination: UnsafeMutablePointer<Float>) {
        let swap = byteOrder != .host
        switch dtype {
        case .f32: run(source, stride, count, destination, swap) { (bits: UInt32) in Float(bitPattern: bits) }
        case .f64: run(source, stride, count, destination, swap) { (bits: UInt64) in Float(Double(bitPattern: bits)) }
        case .f16: run(source, stride, count, destination, swap) { (bits: UInt16) in Float(Float16(bitPattern: bits)) }
        case .bf16: run(source, stride, count, destination, swap) { (bits: UInt16) in Float(bitPattern: UInt32(bits) << 16) }
        case .i8: run(source, stride, count, destination, swap) { (bits: UInt8) in Float(Int8(bitPattern: bits)) }
        case .u8, .bool: run(source, stride, count, destination, swap) { (bits: UInt8) in Float(bits) }
        case .i16: run(source, stride, count, destination, swap) { (bits: UInt16) in Float(Int16(bitPattern: bits)) }
        case .u16: run(source, stride, count, destination, swap) { (bits: UInt16) in Float(bits) }
        case .i32: run(source, stride, count, destination, swap) { (bits: UInt32) in Float(Int32(bitPattern: bits)) }
        case .u32: run(source, stride, count, destination, swap) { (bits: UInt32) in Float(bits) }
        case .i64: run(source, stride, count, destination, swap) { (bits: UInt64) in Float(Int64(bitPattern: bits)) }
        case .u64: run(source, stride, count, destination, swap) { (bits: UInt64) in Float(bits) }
        case .f8e4m3fn, .f8e4m3fnuz, .f8e5m2, .f8e5m2fnuz:
            let table = Float8.table(for: dtype)!
            run(source, stride, count, destination, swap) { (bits: UInt8) in table[Int(bits)] }
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0, .q2_K, .q3_K, .q4_K, .q5_K, .q6_K, .q8_K:
            preconditionFailure("block-quantised \(dtype.rawValue) converts by element index")
        }
    }

    @inline(__always)
    private func run<Bits: FixedWidthInteger>(
        _ source: UnsafeRawPointer, _ stride: Int, _ count: Int, _ destination: UnsafeMutablePointer<Float>,
        _ swap: Bool, _ make: (Bits) -> Float
    ) {
        let step = stride * MemoryLayout<Bits>.size
        if swap {
            for i in 0..<count { destination[i] = make(source.loadUnaligned(fromByteOffset: i * step, as: Bits.self).byteSwapped) }
        } else if stride == 1 {
            for i in 0..<count { destination[i] = make(source.loadUnaligned(fromByteOffset: i * step, as: Bits.self)) }
        } else {
            for i in 0..<count { destination[i] = make(source.loadUnaligned(fromByteOffset: i * step, as: Bits.self)) }
        }
    }
}
