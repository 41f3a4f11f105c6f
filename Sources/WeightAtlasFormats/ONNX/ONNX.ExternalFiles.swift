extension ONNX {
    /// The files external-data tensors point into, mapped once each. Locations are relative
    /// to the model's folder and may not leave it, neither by their text nor, through
    /// symbolic links, by their real path; each must be a regular file (`ModelFolder`).
    struct ExternalFiles {
        /// The folder holding the model, through which the locations are opened.
        let folder: ModelFolder
        /// Mappings by location, as written in the model.
        private(set) var mapped: [String: MappedFile] = [:]

        /// External files for the model at `modelPath`.
        init(modelPath: String) {
            folder = ModelFolder(modelPath: modelPath)
        }

        /// Where the `size` bytes of `tensor` lie: its external file, mapped, and the range in it.
        /// - Throws: `FormatError` `.missingField` (no location), `.unexpectedValue` (a non-decimal
        ///   offset or length), `.unsafePath` (an absolute location, one with a `..` component, or one
        ///   whose real path lies outside the model's folder), `.notRegularFile`,
        ///   `.sizeMismatch` (length ≠ size), `.overflow`, `.tensorOutOfBounds`, or `.io`
        ///   when the file cannot be mapped; each naming the tensor and its offset.
        mutating func locate(_ tensor: Tensor, size: Int) throws(FormatError) -> (MappedFile, Range<Int>) {
            func failure(_ kind: FormatError.Kind) -> FormatError {
                FormatError(format: ONNXFile.formatName, kind: kind, tensor: tensor.name, offset: tensor.offset)
            }
            func value(_ key: String) -> String? { tensor.external.last(where: { $0.key == key })?.value }
            func number(_ key: String) throws(FormatError) -> Int? {
                guard let text = value(key) else { return nil }
                guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text) else {
                    throw failure(.unexpectedValue(field: "external data \(key)", expected: "a decimal byte count", found: "'\(text)'"))
                }
                return number
            }
            guard let location = value("location"), !location.isEmpty else {
                throw failure(.missingField("location of the external data"))
            }
            let components = location.split(omittingEmptySubsequences: false) { $0 == "/" || $0 == "\\" }
            guard !location.hasPrefix("/"), !location.hasPrefix("\\"), !components.contains("..") else {
                throw failure(.unsafePath(location))
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
                let file = try folder.map(location)
                mapped[location] = file
                return file
            } catch {
                guard case .io(let why) = error.kind else { throw failure(error.kind) }
                throw failure(.io("external data '\(location)': \(why)"))
            }
        }
    }
}
