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
    /// Element strides of a view into its storage (PyTorch's non-contiguous tensors), with
    /// element 0 at the start of `byteRange`; nil when the elements lie in `order`.
    public var strides: [Int]?
    /// What the file says the tensor is for, when the layout should know (a ConvTranspose weight).
    public var role: TensorRole?
    /// The image each row of this dense weight sees, when the file's own graph says so (an
    /// ONNX image input reaching the layer through Flatten or Reshape).
    public var inputImage: ImageShape?

    /// Creates a tensor description.
    public init(name: String, dtype: DType, shape: [Int], byteRange: Range<Int>,
                byteOrder: ByteOrder = .little, order: ElementOrder = .rowMajor,
                strides: [Int]? = nil, role: TensorRole? = nil) {
        self.name = name
        self.dtype = dtype
        self.shape = shape
        self.byteRange = byteRange
        self.byteOrder = byteOrder
        self.order = order
        self.strides = strides
        self.role = role
    }

    /// The stored elements as they lie: `strides` when given, else row- or column-major.
    public var storedView: StridedView {
        if let strides { return StridedView(shape: shape, strides: strides) }
        return StridedView(storedShape: shape, order: order)
    }

    /// Number of elements (the product of the shape; 1 for a scalar).
    public var count: Int { shape.reduce(1, *) }

    /// The product of `shape`'s non-zero dims, or nil when it overflows Int (or a dim is
    /// negative): a shape whose `count` could trap in some order of multiplication.
    public static func elementCount(_ shape: [Int]) -> Int? {
        var product = 1
        for dim in shape where dim != 0 {
            guard dim > 0 else { return nil }
            let (next, overflow) = product.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            product = next
        }
        return shape.contains(0) ? 0 : product
    }
}

/// The shape of one input image, channels first.
public struct ImageShape: Sendable, Equatable {
    /// Channels, height and width.
    public var channels, height, width: Int

    /// An image shape.
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Values in one image.
    public var count: Int { channels * height * width }
}

/// What a weight is for, as far as the layout cares; formats set it when their graph says so.
public enum TensorRole: String, Sendable, Equatable {
    /// A convolution weight O×I×k… (the default reading of 3- to 5-D tensors).
    case convWeight = "conv"
    /// A transposed-convolution weight I×O×k…: the layout swaps the first two dimensions.
    case convTransposeWeight = "conv-transpose"
    /// A channels-last kernel k…×I×O (Keras Conv1D/2D/3D, and Dense I×O with no k): the
    /// layout reads it as O×I×k….
    case channelsLastKernel = "channels-last"
    /// A Keras transposed-convolution kernel k…×O×I (Conv1D/2D/3DTranspose): the layout
    /// reads it as O×I×k….
    case channelsLastTransposedKernel = "channels-last-transpose"
    /// A Keras depthwise kernel kH×kW×C×M: the layout reads it as (C·M)×1×kH×kW, output
    /// channel c·M + m, as PyTorch's grouped convolution numbers them.
    case depthwiseKernel = "depthwise"
    /// A TFLite convolution kernel O×k…×I (OHWI): the layout reads it as O×I×k….
    case outputFirstChannelsLast = "ohwi"
    /// Batch-norm running statistics (an ONNX BatchNormalization's mean and variance inputs):
    /// data the model measured, not weights it learned; laid out as the shape says.
    case normalizationStatistic = "normalization-statistic"
    /// A TFLite depthwise kernel 1×kH×kW×C (C = channels × multiplier): the layout reads it
    /// as C×1×kH×kW.
    case depthwiseChannelsLast = "1hwc"
}

/// Raw bytes of one tensor, kept alive by whatever owns them (a mapping, an inflated buffer).
/// They are read in scopes: `withSpan` hands out a bounds-checked `RawSpan`, and
/// `withUnsafeBytes` the raw pointer the hot loops and C calls need; either is valid only
/// while its body runs, which keeps the owner alive, so no pointer outlives its bytes.
public struct TensorBytes: @unchecked Sendable {
    /// The tensor's bytes, exactly `info.byteRange.count` long.
    private let bytes: UnsafeRawBufferPointer
    /// Keeps `bytes` valid while this value lives (a `MappedFile`, an inflated buffer, ...).
    public let owner: AnyObject

    /// Wraps bytes owned by `owner` (which must keep them valid and unchanged while it lives).
    public init(bytes: UnsafeRawBufferPointer, owner: AnyObject) {
        self.bytes = bytes
        self.owner = owner
    }

    /// Number of bytes.
    public var count: Int { bytes.count }

    /// True when the first byte's address is a multiple of `alignment`.
    public func isAligned(to alignment: Int) -> Bool { Int(bitPattern: bytes.baseAddress) % alignment == 0 }

    /// Calls `body` with the bytes as a span, valid while `body` runs.
    public func withSpan<R, E: Error>(_ body: (RawSpan) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(owner) {} }
        return try body(RawSpan(_unsafeBytes: bytes))
    }

    /// Calls `body` with the bytes' address, valid only while `body` runs.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(owner) {} }
        return try body(bytes)
    }
}
