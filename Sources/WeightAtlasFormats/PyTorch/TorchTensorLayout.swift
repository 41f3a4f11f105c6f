import WeightAtlasTensor

/// Turns a rebuilt tensor (storage, offset, size, stride) into a `TensorInfo` over the file:
/// `byteRange` starts at the view's first element and spans every element it reaches;
/// `strides` is set when the view is not row-major contiguous (a transposed weight).
enum TorchTensorLayout {
    /// The tensor `record` named `name`, whose storage's bytes are the file range `storage`.
    /// - Throws: `FormatError` `.unsupportedDType` (complex, quantized), `.truncated` (a storage
    ///   declaring more elements than its bytes), `.invalidDimension` (negative size, stride
    ///   or offset), `.overflow`, `.tensorOutOfBounds` (a view reaching outside its storage),
    ///   or `.overBudget` (a view of more elements than `viewBudget` allows its storage).
    static func info(name: String, record: TorchTensorRecord, storage: Range<Int>, byteOrder: ByteOrder,
                     format: String) throws(FormatError) -> TensorInfo {
        func fail(_ kind: FormatError.Kind, at offset: Int? = nil) -> FormatError {
            FormatError(format: format, kind: kind, tensor: name, offset: offset ?? record.offset)
        }
        guard let dtype = record.storage.dtype else { throw fail(.unsupportedDType(record.storage.typeName)) }
        let size = dtype.size
        let numel = record.storage.numel
        let declared = numel.multipliedReportingOverflow(by: size)
        guard !declared.overflow else { throw fail(.overflow(field: "storage size")) }
        guard declared.partialValue <= storage.count else {
            throw fail(.truncated(needed: storage.lowerBound + declared.partialValue, available: storage.upperBound),
                       at: storage.lowerBound)
        }
        var first = 0, capacity = numel
        if let view = record.storage.view {
            let end = view.offset.addingReportingOverflow(view.count)
            guard !end.overflow, end.partialValue <= numel else {
                throw fail(.tensorOutOfBounds(range: view.offset * size..<(end.overflow ? Int.max : end.partialValue * size),
                                              available: declared.partialValue))
            }
            (first, capacity) = (view.offset, view.count)
        }
        guard record.storageOffset >= 0 else { throw fail(.invalidDimension("storage offset \(record.storageOffset)")) }
        let reach = try span(record, fail: fail)
        let logical = record.shape.reduce(1, *)   // span checked the product for overflow
        guard logical <= viewBudget(storedElements: capacity) else {
            throw fail(.overBudget("a view of \(logical) elements over \(capacity) stored "
                                   + "(\(viewFactor) × the storage, at least \(minimumViewBudget))",
                                   limit: viewBudget(storedElements: capacity)))
        }
        let end = record.storageOffset.addingReportingOverflow(reach)
        guard !end.overflow, end.partialValue <= capacity else {
            let lower = record.storageOffset.multipliedReportingOverflow(by: size).partialValue
            let upper = end.partialValue.multipliedReportingOverflow(by: size)
            throw fail(.tensorOutOfBounds(range: lower..<max(lower, end.overflow || upper.overflow ? Int.max : upper.partialValue),
                                          available: capacity * size))
        }
        let start = storage.lowerBound + (first + record.storageOffset) * size
        return TensorInfo(name: name, dtype: dtype, shape: record.shape, byteRange: start..<start + reach * size,
                          byteOrder: byteOrder, strides: isContiguous(record) ? nil : record.strides)
    }

    /// A view may show at most this many times its storage's elements (broadcast by stride 0).
    static let viewFactor = 16
    /// Elements any view may show, whatever its storage.
    static let minimumViewBudget = 1 << 24

    /// Most elements a view of a storage of `storedElements` may show: statistics and pixels
    /// cost per element shown, so a stride-(0, 0) view of 2^20 × 2^20 over one float would
    /// be 2^40 elements of work from a 518-byte file. Real checkpoints expand little
    /// (position ids, masks); every view of the real-model corpus shows at most its storage.
    static func viewBudget(storedElements: Int) -> Int {
        let (scaled, overflow) = storedElements.multipliedReportingOverflow(by: viewFactor)
        return max(overflow ? Int.max : scaled, minimumViewBudget)
    }

    /// Elements the view spans from its first: 1 + Σ (size − 1) · stride, 0 when empty.
    private static func span(_ record: TorchTensorRecord,
                             fail: (FormatError.Kind, Int?) -> FormatError) throws(FormatError) -> Int {
        var count = 1, reach = 1
        for (dimension, stride) in zip(record.shape, record.strides) {
            guard dimension >= 0, stride >= 0 else {
                throw fail(.invalidDimension("size \(record.shape), stride \(record.strides)"), nil)
            }
            let product = count.multipliedReportingOverflow(by: dimension)
            guard !product.overflow else { throw fail(.overflow(field: "element count"), nil) }
            count = product.partialValue
            guard dimension > 0 else { continue }
            let step = (dimension - 1).multipliedReportingOverflow(by: stride)
            let sum = reach.addingReportingOverflow(step.partialValue)
            guard !step.overflow, !sum.overflow else { throw fail(.overflow(field: "stride reach"), nil) }
            reach = sum.partialValue
        }
        return count == 0 ? 0 : reach
    }

    /// True when the strides are row-major over the shape (dimensions of size 1 ignored).
    static func isContiguous(_ record: TorchTensorRecord) -> Bool {
        var expected = 1
        for (dimension, stride) in zip(record.shape, record.strides).reversed() where dimension != 1 {
            if stride != expected { return false }
            expected *= dimension
        }
        return true
    }
}
