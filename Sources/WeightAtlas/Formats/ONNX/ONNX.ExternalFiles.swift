extension ONNX {
    /// The files external-data tensors point into, mapped once each. Locations are relative
    /// to the model's folder and may not leave it.
    struct ExternalFiles {
        /// The folder holding the model ("." for a bare file name).
        let folder: String
        /// Mappings by location, as written in the model.
        private(set) var mapped: [String: MappedFile] = [:]

        /// External files for the model at `modelPath`.
        init(modelPath: String) {
            if let slash = modelPath.lastIndex(of: "/") {
                folder = slash == modelPath.startIndex ? "/" : String(modelPath[..<slash])
            } else {
                folder = "."
            }
        }

        /// Where the `size` bytes of `tensor` lie: its external file, mapped, and the range in it.
        /// - Throws: `FormatError` `.malformedHeader` (no location, a non-decimal offset or
        ///   length), `.badMember` (an absolute location or one with a `..` component),
        ///   `.sizeMismatch` (length ≠ size), `.overflow`, `.tensorOutOfBounds`, or `.io`
        ///   when the file cannot be mapped.
        mutating func locate(_ tensor: Tensor, size: Int) throws(FormatError) -> (MappedFile, Range<Int>) {
            func failure(_ kind: FormatError.Kind) -> FormatError {
                FormatError(format: ONNXFile.formatName, kind: kind, tensor: tensor.name, offset: tensor.offset)
            }
            func value(_ key: String) -> String? { tensor.external.last(where: { $0.key == key })?.value }
            func number(_ key: String) throws(FormatError) -> Int? {
                guard let text = value(key) else { return nil }
                guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
                    throw failure(.malformedHeader("external data \(key) '\(text)' is not a decimal byte count"))
                }
                return number
            }
            guard let location = value("location"), !location.isEmpty else {
                throw failure(.malformedHeader("external data has no location"))
            }
            let components = location.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
            guard !location.hasPrefix("/"), !location.hasPrefix("\\"), !components.contains("..") else {
                throw failure(.badMember("external data location '\(location)' leaves the model's folder"))
            }
            let offset = try number("offset") ?? 0
            if let length = try number("length"), length != size {
                throw failure(.sizeMismatch(expected: size, actual: length))
            }
            let file = try map(location, failure: failure)
            let (end, overflow) = offset.addingReportingOverflow(size)
            guard !overflow else { throw failure(.overflow(field: "external data offset \(offset) + \(size) bytes")) }
            guard end <= file.count else {
                throw failure(.tensorOutOfBounds(range: offset..<end, available: file.count))
            }
            return (file, offset..<end)
        }

        /// The mapping of `location`, made on first use.
        private mutating func map(_ location: String, failure: (FormatError.Kind) -> FormatError)
            throws(FormatError) -> MappedFile {
            if let file = mapped[location] { return file }
            do {
                let file = try MappedFile(path: folder + "/" + location)
                mapped[location] = file
                return file
            } catch {
                guard case .io(let why) = error.kind else { throw failure(error.kind) }
                throw failure(.io("external data '\(location)': \(why)"))
            }
        }
    }
}
