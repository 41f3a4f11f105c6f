import WeightAtlasTensor

extension HDF5 {
    /// One dataset of an HDF5 file: its element type, shape and where its bytes are.
    package struct Dataset: Sendable {
        /// Where the elements are.
        package enum Storage: Sendable {
            /// Contiguous and unfiltered: this byte range of the HDF5 file (or image).
            case contiguous(Range<Int>)
            /// Chunked, compressed or compact: read by H5Dread into a buffer of its own.
            case owned(InflatedBuffer)
        }

        /// Full path inside the file, without the leading `/` (`layers/conv2d/vars/0`).
        package let path: String
        /// Element type.
        package let dtype: DType
        /// Byte order of the stored elements.
        package let byteOrder: ByteOrder
        /// Shape, outermost first ([] for a scalar).
        package let shape: [Int]
        /// Bytes of all elements.
        package let byteCount: Int
        /// Where they lie.
        package let storage: Storage

        /// Largest dataset read into memory (16 GiB), by the reader and again by the caller.
        package static let maxOwnedSize = 16 << 30

        /// A dataset as the reader process sent it (`HDF5.Sandbox`).
        package init(path: String, dtype: DType, byteOrder: ByteOrder, shape: [Int], byteCount: Int, storage: Storage) {
            self.path = path
            self.dtype = dtype
            self.byteOrder = byteOrder
            self.shape = shape
            self.byteCount = byteCount
            self.storage = storage
        }
    }
}
