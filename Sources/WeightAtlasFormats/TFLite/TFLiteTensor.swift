import WeightAtlasTensor

/// Reads one TFLite `Tensor` table that has constant data into an entry.
enum TFLiteTensor {
    /// The entry for `tensor`, whose buffer's data is the file range `stored`.
    /// - Throws: `.invalidDimension`, `.overflow`, `.unsupportedDType`, `.sizeMismatch`,
    ///   `.malformedHeader` (quantisation arrays or sparsity that do not fit the shape).
    static func entry(_ tensor: FlatBuffers.Table, stored: Range<Int>, reader: FlatBuffers.Reader) throws(FormatError) -> TFLiteEntry {
        let name = try tensor.string(3) ?? "tensor@\(tensor.position)"
        func fail(_ kind: FormatError.Kind, at offset: Int? = nil) -> FormatError {
            FormatError(format: TFLiteFile.formatName, kind: kind, tensor: name, offset: offset ?? tensor.position)
        }
        var shape: [Int] = []
        for dimension in try tensor.integers(0, Int32.self) {
            guard dimension >= 0 else { throw fail(.invalidDimension("\(dimension)")) }
            shape.append(Int(dimension))
        }
        let code = try tensor.scalar(1, Int8(0))
        guard let dtype = TFLiteEntry.types[code] else { throw fail(.unsupportedDType("TFLite type \(code)")) }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail(.overflow(field: "element count")) }
            count = product
        }
        let (byteCount, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else { throw fail(.overflow(field: "byte count")) }
        let sparsity = try tensor.table(6).map { (table) throws(FormatError) in
            try TFLiteSparsity(table, shape: shape) { why, offset in fail(.malformedHeader(why), at: offset) }
        }
        let storedBytes = sparsity.map { $0.storedCount * dtype.size } ?? byteCount
        guard storedBytes == stored.count else { throw fail(.sizeMismatch(expected: storedBytes, actual: stored.count), at: stored.lowerBound) }
        var info = TensorInfo(name: name, dtype: dtype, shape: shape, byteRange: sparsity == nil ? stored : 0..<byteCount)
        var quantization: TFLiteQuantization?
        if let parameters = try tensor.table(4), TFLiteQuantization.isQuantisable(dtype) {
            let scale = try parameters.floats(2)
            if !scale.isEmpty {
                let q = TFLiteQuantization(scale: scale, zeroPoint: try parameters.integers(3, Int64.self),
                                           dimension: Int(try parameters.scalar(6, Int32(0))))
                if let problem = q.problem(shape: shape) { throw fail(.malformedHeader(problem), at: parameters.position) }
                let (floatBytes, overflow) = count.multipliedReportingOverflow(by: 4)
                guard !overflow else { throw fail(.overflow(field: "dequantised byte count")) }
                info.dtype = .f32
                info.byteRange = 0..<floatBytes
                quantization = q
            }
        }
        return TFLiteEntry(info: info, stored: stored, storedType: dtype, quantization: quantization, sparsity: sparsity)
    }
}
