import WeightAtlasTensor

// TensorFlow Lite (tensorflow/compiler/mlir/lite/schema/schema.fbs), a FlatBuffers buffer
// (see FlatBuffers.Reader) with file identifier "TFL3" at byte 4:
//
//   Model        = version:uint(0) operator_codes:[OperatorCode](1) subgraphs:[SubGraph](2)
//                  description:string(3) buffers:[Buffer](4) [metadata 5-7 skipped]
//   OperatorCode = deprecated_builtin_code:byte(0) custom_code:string(1) version(2)
//                  builtin_code:int(3)              builtin = max(deprecated, builtin_code)
//   SubGraph     = tensors:[Tensor](0) inputs(1) outputs(2) operators:[Operator](3) name(4)
//   Tensor       = shape:[int](0) type:TensorType(1) buffer:uint(2) name:string(3)
//                  quantization:QuantizationParameters(4) sparsity:SparsityParameters(6)
//                  [others skipped]
//   QuantizationParameters = min(0) max(1) scale:[float](2) zero_point:[long](3)
//                  details(4-5) quantized_dimension:int(6)
//   Operator     = opcode_index:uint(0) inputs:[int](1) outputs:[int](2) [options skipped]
//   Buffer       = data:[ubyte](0) | offset:ulong(1) size:ulong(2)   (offset from byte 0,
//                  for models past 2 GB); buffer 0 is always empty
//
// The tensors are those whose buffer holds data, once per buffer, in subgraph order; sparse
// tensors (Tensor.sparsity, field 6; see TFLiteSparsity) are densified when their bytes are
// asked for, within 64 × the file + 16 MiB for all of them together. Float
// and unquantised integer tensors are mapped zero-copy. Integer tensors with scales are
// dequantised for display (x = scale · (q − zero_point), per channel along
// quantized_dimension) into a Float32 buffer made when their bytes are asked for: they are
// reported as F32. CONV_2D weights (input 1, O×kH×kW×I) and DEPTHWISE_CONV_2D weights
// (1×kH×kW×C) get roles so the layout reads them as O×I×kH×kW, through a DEQUANTIZE too.

/// A TensorFlow Lite model: its constant tensors, float ones mapped zero-copy.
public struct TFLiteFile: WeightFile {
    /// `"tflite"`.
    public static let formatName = "tflite"

    /// The path the file was opened from.
    public let path: String
    /// Every constant tensor, in subgraph and tensor order.
    public let tensors: [TensorInfo]
    /// The mapping.
    private let file: MappedFile
    /// Entries by tensor name.
    private let entries: [String: TFLiteEntry]

    /// True when bytes 4..<8 are the file identifier "TFL3".
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.count >= 8 && prefix[4..<8].elementsEqual("TFL3".utf8)
    }

    /// Reads the model's subgraphs, tensors, buffers and operators, checking every offset.
    /// - Throws: `FormatError` `.truncated`, `.malformedHeader` (vtables, indices out of
    ///   range, quantisation arrays of the wrong length), `.invalidDimension`, `.overflow`,
    ///   `.unsupportedDType`, `.sizeMismatch`, `.tensorOutOfBounds`.
    public init(file: MappedFile) throws(FormatError) {
        let found: [TFLiteEntry]
        do {
            found = try TFLiteModel.entries(FlatBuffers.Reader(bytes: file.bytes, format: Self.formatName))
        } catch {
            throw error.inFile(file.path)
        }
        path = file.path
        self.file = file
        tensors = found.map(\.info)
        entries = Dictionary(found.map { ($0.info.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The tensor's bytes: a slice of the mapping, or its values dequantised to Float32.
    /// - Throws: `.badMember` for a tensor not in this model.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let entry = entries[tensor.name], entry.info == tensor else {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember("no tensor of this model is this one"),
                              tensor: tensor.name)
        }
        var dense: InflatedBuffer?
        if let sparsity = entry.sparsity {
            let buffer = InflatedBuffer(count: tensor.count * entry.storedType.size)
            buffer.bytes.initializeMemory(as: UInt8.self, repeating: 0)
            sparsity.densify(file.bytes.slice(entry.stored)!, into: buffer.bytes, elementSize: entry.storedType.size)
            dense = buffer
        }
        let raw = dense.map { UnsafeRawBufferPointer($0.bytes) } ?? file.bytes.slice(entry.stored)!
        guard let quantization = entry.quantization else {
            guard let dense else { return try file.slice(of: tensor, format: Self.formatName) }
            return TensorBytes(bytes: raw, owner: dense)
        }
        let buffer = quantization.dequantise(raw, dtype: entry.storedType, shape: tensor.shape)
        return TensorBytes(bytes: UnsafeRawBufferPointer(buffer.bytes), owner: buffer)
    }
}
