import WeightAtlasTensor

extension ONNX {
    /// One tensor of the model, checked: its description and where its bytes come from.
    struct Entry: Sendable {
        /// Where the elements are.
        enum Source: Sendable {
            /// A range of a mapping (the model's `raw_data`, or an external data file).
            case mapped(MappedFile)
            /// Typed repeated fields of the model, decoded when asked for.
            case typed(TypedData)
        }

        /// The tensor; `byteRange` is a range of the mapping, or 0..<size of the decoded buffer.
        var info: TensorInfo
        /// Where the elements are.
        let source: Source

        /// Checks `tensor` of the model `file`: data type, dims, and that its data (raw,
        /// typed or external) holds exactly the elements its dims call for. Nil for STRING
        /// tensors, which hold text rather than weights.
        /// - Throws: `FormatError` `.unsupportedDType`, `.overflow`, `.sizeMismatch`,
        ///   `.malformedHeader` (typed data), `.unexpectedValue` (data_location), or any kind of `ExternalFiles.locate`.
        static func resolve(_ tensor: Tensor, file: MappedFile, external: inout ExternalFiles) throws(FormatError) -> Entry? {
            func failure(_ kind: FormatError.Kind, at offset: Int? = nil) -> FormatError {
                FormatError(format: ONNXFile.formatName, kind: kind, tensor: tensor.name, offset: offset ?? tensor.offset)
            }
            guard let type = DataType(code: tensor.dataType) else {
                throw failure(.unsupportedDType("data_type \(tensor.dataType)"))
            }
            if type.isString { return nil }
            guard let dtype = type.dtype else { throw failure(.unsupportedDType(type.name)) }
            var count = 1
            for dim in tensor.dims {
                let (product, overflow) = count.multipliedReportingOverflow(by: dim)
                guard !overflow else { throw failure(.overflow(field: "element count of dims \(tensor.dims)")) }
                count = product
            }
            let (size, overflow) = count.multipliedReportingOverflow(by: dtype.size)
            guard !overflow else { throw failure(.overflow(field: "byte size of dims \(tensor.dims) × \(dtype.size)")) }
            var info = TensorInfo(name: tensor.name, dtype: dtype, shape: tensor.dims, byteRange: 0..<size)
            switch tensor.dataLocation {
            case 1:
                let (mapping, range) = try external.locate(tensor, size: size)
                info.byteRange = range
                return Entry(info: info, source: .mapped(mapping))
            case 0:
                break
            default:
                throw failure(.unexpectedValue(field: "data_location", expected: "DEFAULT (0) or EXTERNAL (1)", found: "\(tensor.dataLocation)"))
            }
            if let raw = tensor.raw {
                guard raw.count == size else { throw failure(.sizeMismatch(expected: size, actual: raw.count), at: tensor.dataOffset) }
                info.byteRange = raw
                return Entry(info: info, source: .mapped(file))
            }
            let runs = type.field.flatMap { tensor.typed[$0.rawValue] } ?? []
            guard let field = type.field, !runs.isEmpty else {
                guard size == 0 else { throw failure(.sizeMismatch(expected: size, actual: 0)) }
                return Entry(info: info, source: .mapped(file))
            }
            let typed = try TypedData(field: field, dtype: dtype, runs: runs, bytes: file.bytes) { why in
                failure(.malformedHeader(why), at: tensor.dataOffset)
            }
            guard typed.count == count else {
                throw failure(.sizeMismatch(expected: size, actual: typed.count * dtype.size), at: tensor.dataOffset)
            }
            return Entry(info: info, source: .typed(typed))
        }
    }
}
