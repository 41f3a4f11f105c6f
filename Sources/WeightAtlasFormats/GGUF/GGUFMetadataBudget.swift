/// Memory the metadata of one GGUF file may hold: 2 × the file + 16 MiB, counted as the
/// values are read (an array is charged before its elements are reserved). Without it a
/// 20 MB u8 array became 868 MiB of boxed values. Honest files hold far less than their
/// size: a model's metadata is a sliver of its tensors, and a vocabulary-only file's tokens
/// cost ~24 bytes each in memory for ~14 in the file.
struct GGUFMetadataBudget {
    /// Bytes allowed.
    let limit: Int
    /// Bytes charged so far.
    private(set) var spent = 0
    /// The key being read, for the error.
    var key = ""

    /// Bytes a string keeps beyond its inline 15.
    static func stringCost(_ text: String) -> Int {
        text.utf8.count > 15 ? text.utf8.count : 0
    }

    /// The budget for a file of `size` bytes.
    init(fileSize size: Int) {
        limit = 2 * size + (16 << 20)
    }

    /// Charges `bytes` for the value at `offset`.
    /// - Throws: `FormatError` `.overBudget` naming the key once the charges exceed `limit`.
    mutating func spend(_ bytes: Int, at offset: Int, cursor: GGUFCursor) throws(FormatError) {
        let (sum, overflow) = spent.addingReportingOverflow(bytes)
        spent = overflow ? Int.max : sum
        guard spent <= limit else {
            throw cursor.error(.overBudget("metadata held in memory up to key '\(key)' (2 × the file + 16 MiB)", limit: limit),
                               at: offset)
        }
    }
}
