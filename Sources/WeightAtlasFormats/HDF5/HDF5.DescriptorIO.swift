import Foundation

extension HDF5 {
    /// Whole reads and writes on a file descriptor (the reader process's pipe and memory
    /// file), retrying short transfers and EINTR.
    package enum DescriptorIO {
        /// Writes all of `bytes`; false when the descriptor fails or closes.
        package static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
            transfer(bytes.count) { done in Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done) }
        }

        /// Reads exactly `buffer.count` bytes; false at an early end of the stream.
        package static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Bool {
            transfer(buffer.count) { done in Foundation.read(fd, buffer.baseAddress! + done, buffer.count - done) }
        }

        /// Calls `step` with the bytes done so far until `count` are done.
        private static func transfer(_ count: Int, _ step: (Int) -> Int) -> Bool {
            var done = 0
            while done < count {
                let n = step(done)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return false }
                done += n
            }
            return true
        }
    }
}
