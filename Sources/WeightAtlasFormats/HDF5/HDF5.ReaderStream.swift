import Foundation

extension HDF5 {
    /// What the HDF5 reader process (`HDF5Reader`) writes on its stdout for `HDF5.Sandbox`:
    /// frames of `tag (1 byte) · length (UInt64, little-endian) · payload`.
    ///
    ///     D  a `Record` (JSON): one dataset's name, type, shape and storage
    ///     B  the elements of the dataset just described, when it is not contiguous
    ///     E  a `FormatError` (JSON): the file cannot be read; nothing follows
    ///     Z  every dataset was sent
    package enum ReaderStream {
        /// The frame tags.
        package static let dataset: UInt8 = 0x44, bytes: UInt8 = 0x42, error: UInt8 = 0x45, end: UInt8 = 0x5A
        /// Largest JSON payload accepted (a record or an error).
        package static let maxJSON = 1 << 20

        /// One dataset as sent: everything but the elements of an owned one.
        package struct Record: Codable {
            var path: String
            var dtype: String
            var bigEndian: Bool
            var shape: [Int]
            var byteCount: Int
            /// The file range of a contiguous dataset; nil when its elements follow in a B frame.
            package var contiguous: Range<Int>?

            package init(_ dataset: Dataset) {
                path = dataset.path
                dtype = dataset.dtype.rawValue
                bigEndian = dataset.byteOrder == .big
                shape = dataset.shape
                byteCount = dataset.byteCount
                if case .contiguous(let range) = dataset.storage { contiguous = range }
            }
        }

        /// The frame header for `tag` with `length` payload bytes.
        package static func header(_ tag: UInt8, length: Int) -> [UInt8] {
            [tag] + withUnsafeBytes(of: UInt64(length).littleEndian) { Array($0) }
        }

        /// A frame of `tag` holding `value` as JSON.
        package static func json<T: Encodable>(_ tag: UInt8, _ value: T) -> [UInt8] {
            let payload = (try? JSONEncoder().encode(value)).map { Array($0) } ?? []
            return header(tag, length: payload.count) + payload
        }
    }
}
