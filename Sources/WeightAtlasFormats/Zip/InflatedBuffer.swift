/// Memory holding an inflated archive member; freed when the last `TensorBytes` lets go.
package final class InflatedBuffer: @unchecked Sendable {
    /// The buffer (written once, while inflating, then only read).
    package let bytes: UnsafeMutableRawBufferPointer

    /// Allocates `count` uninitialised bytes.
    package init(count: Int) {
        let allocated = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 64)
        bytes = UnsafeMutableRawBufferPointer(rebasing: allocated[0..<count])
    }

    deinit { bytes.deallocate() }
}
