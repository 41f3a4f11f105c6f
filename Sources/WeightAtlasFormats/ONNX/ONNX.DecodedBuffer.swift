extension ONNX {
    /// Memory holding elements decoded from a tensor's typed fields; freed when the last
    /// `TensorBytes` lets go.
    final class DecodedBuffer: @unchecked Sendable {
        /// The buffer (written once, while decoding, then only read).
        let bytes: UnsafeMutableRawBufferPointer

        /// Allocates `count` zeroed bytes.
        init(count: Int) {
            let allocated = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 64)
            allocated.initializeMemory(as: UInt8.self, repeating: 0)
            bytes = UnsafeMutableRawBufferPointer(rebasing: allocated[0..<count])
        }

        deinit { bytes.deallocate() }
    }
}
