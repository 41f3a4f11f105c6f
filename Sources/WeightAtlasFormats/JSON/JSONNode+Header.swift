extension JSONNode {
    /// `json` (a header or a small JSON file of a model) parsed within the budget of a file of
    /// `fileSize` bytes, its failure as the format's error.
    /// - Throws: `FormatError` `.malformedHeader` (syntax, at `offsetBase` + the bad byte's
    ///   offset) or `.overBudget` (values past `budget(fileSize:)`), with `format` set.
    static func parseHeader(_ json: UnsafeRawBufferPointer, fileSize: Int, format: String = "",
                            offsetBase: Int = 0) throws(FormatError) -> JSONNode {
        do {
            return try JSONParser.parse(json, budget: budget(fileSize: fileSize))
        } catch {
            let kind: FormatError.Kind = error.budget.map { .overBudget(error.message + " (2 × the file + 4 MiB)", limit: $0) }
                ?? .malformedHeader("JSON: \(error.message)")
            throw FormatError(format: format, kind: kind, offset: offsetBase + error.offset)
        }
    }
}
