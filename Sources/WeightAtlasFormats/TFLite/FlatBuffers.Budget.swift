extension FlatBuffers {
    /// The table and vector-element reads one buffer may cost, shared by every copy of its
    /// `Reader`. An honest buffer reads each table and element once, and each takes at least
    /// one byte of the file; tables that share a subgraph, operator or vector would make a
    /// small file cost billions of reads (10^9–10^13 in the attack corpus).
    final class Budget {
        /// Reads allowed in all.
        let limit: Int
        /// Reads made so far.
        private(set) var spent = 0

        /// A budget of `limit` reads.
        init(limit: Int) {
            self.limit = limit
        }

        /// The budget for a buffer of `size` bytes: its size, plus 64 Ki reads.
        static func limit(forSize size: Int) -> Int {
            size + (1 << 16)
        }

        /// Counts `count` reads of the structure at `position`.
        /// - Throws: `FormatError` `.overBudget` once the reads exceed `limit`.
        func spend(_ count: Int, at position: Int, format: String) throws(FormatError) {
            spent += count
            guard spent <= limit else {
                throw FormatError(format: format,
                                  kind: .overBudget("flatbuffer table and vector reads (the file's size + 64 Ki)", limit: limit),
                                  offset: position)
            }
        }
    }
}
