extension HDF5 {
    /// The most bytes of datasets read into memory from one HDF5 file, all datasets together:
    /// `maxRatio` times the file's size plus `floor`.
    ///
    /// Each filtered dataset is already held to its own stored bytes (`Dataset.storage`:
    /// deflate's 1032:1, 100:1 past 1 MiB), and a dataset hard-linked under many names is read
    /// once (`GroupWalker`). What is left is many dataset objects sharing one chunk, or many
    /// small datasets each at deflate's limit: the sum is capped at the archives' zip-bomb
    /// ratio (`ZipDirectory.maxRatio`, 100:1) over the whole file. The reader process charges
    /// each dataset before reading it, and the caller charges what it receives again
    /// (`Sandbox`), so neither holds more than the budget.
    package struct ReadBudget {
        /// Bytes allowed whatever the file's size (a small file of zero-initialised layers).
        package static let floor = 16 << 20
        /// Bytes read allowed per byte of file.
        package static var maxRatio: Int { ZipDirectory.maxRatio }

        /// Bytes allowed in all.
        package let limit: Int
        /// Bytes charged so far.
        private(set) var spent = 0

        /// The budget for an HDF5 file (or image) of `fileSize` bytes.
        package init(fileSize: Int) {
            let (scaled, overflow) = max(0, fileSize).multipliedReportingOverflow(by: Self.maxRatio)
            limit = overflow ? Int.max : scaled.addingReportingOverflow(Self.floor).partialValue
        }

        /// Charges `bytes` read for dataset `path`.
        /// - Throws: `.badMember` naming the dataset (at `offset`) when the total passes `limit`.
        package mutating func charge(_ bytes: Int, dataset path: String, offset: Int?) throws(FormatError) {
            let (total, overflow) = spent.addingReportingOverflow(bytes)
            guard !overflow, total <= limit else {
                throw FormatError(format: KerasFile.formatName,
                                  kind: .badMember("reading its \(bytes) bytes would bring the file's datasets to more than "
                                                   + "\(limit) bytes read (\(Self.maxRatio)x the file + \(Self.floor >> 20) MiB)"),
                                  tensor: path, offset: offset)
            }
            spent = total
        }
    }
}
