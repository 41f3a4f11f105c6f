/// One tensor of a weight file: what it is and where its bytes lie. Nothing is read.
public struct TensorInfo: Sendable, Equatable {
    /// The name the file gives the tensor (a dotted path, a zip member without `.npy`, ...).
    public var name: String
    /// Element type.
    public var dtype: DType
    /// Shape in row-major order, outermost dimension first.
    public var shape: [Int]
    /// Byte range of the elements inside the reader's storage for this tensor.
    public var byteRange: Range<Int>
    /// Byte order of the elements.
    public var byteOrder: ByteOrder
    /// Element order (`.columnMajor` only for Fortran-ordered NumPy arrays).
    public var order: ElementOrder

    /// Creates a tensor description.
    public init(name: String, dtype: DType, shape: [Int], byteRange: Range<Int>,
                byteOrder: ByteOrder = .little, order: ElementOrder = .rowMajor) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteRange = byteRange
        self.byteOrder = byteOrder
        self.order = order
    }

    /// Number of elements (the product of the shape; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }
}

/// Raw bytes of one tensor, kept alive by whatever owns them (a mapping, an inflated buffer).
public struct TensorBytes: @unchecked Sendable {
    /// The tensor's bytes, exactly `info.byteRange.count` long.
    public let bytes: UnsafeRawBufferPointer
    /// Keeps `bytes` valid while this value lives.
    public let owner: AnyObject

    /// Wraps bytes owned by `owner`.
    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject) {
        self.bytes = bytes
        self.owner = owner
    }
}
