extension TensorBytes {
    /// Bytes of an in-memory Float32 array (a heatmap's reduced image), kept alive by the result.
    public static func floats(_ values: [Float]) -> (TensorBytes, TensorInfo) {
        let storage = FloatStorage(values)
        let bytes = UnsafeRawBufferPointer(storage.pointer)
        let info = TensorInfo(name: "", dtype: .f32, shape: [values.count], byteRange: 0..<bytes.count, byteOrder: .host)
        return (TensorBytes(bytes: bytes, owner: storage), info)
    }
}

/// Owns a Float32 buffer for `TensorBytes.floats`.
package final class FloatStorage: @unchecked Sendable {
    package let pointer: UnsafeMutableBufferPointer<Float>

    init(_ values: [Float]) {
        pointer = .allocate(capacity: values.count)
        _ = pointer.initialize(from: values)
    }

    /// `count` zeros, allocated once (no array to copy from).
    package init(zeros count: Int) {
        pointer = .allocate(capacity: count)
        pointer.initialize(repeating: 0)
    }

    deinit { pointer.deallocate() }
}
