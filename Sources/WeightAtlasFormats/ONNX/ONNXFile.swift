import WeightAtlasTensor

// ONNX (onnx.proto, IR version ≤ 13), a protocol buffers message (see Protobuf.Reader):
//
//   ModelProto      = ir_version (1, varint)  graph (7, GraphProto)  [others skipped:
//                     opset_import 8, producer 2-3, domain 4, model_version 5, doc 6,
//                     metadata 14, training_info 20, functions 25, configuration 26]
//   GraphProto      = node (1, NodeProto)*  initializer (5, TensorProto)*  [name 2, inputs 11,
//                     outputs 12, value_info 13, sparse_initializer 15, ... skipped]
//   NodeProto       = input (1, string)*  output (2, string)*  op_type (4)  domain (7)
//                     attribute (5, AttributeProto)*
//   AttributeProto  = name (1)  t (5, TensorProto)  g (6, GraphProto)  graphs (11, GraphProto)*
//   TensorProto     = dims (1, int64*, packed or not)  data_type (2)  name (8)
//                     ( raw_data (9, bytes: little-endian elements)
//                     | float_data (4, fixed32*) | int32_data (5, varint*) | int64_data (7)
//                     | double_data (10, fixed64*) | uint64_data (11, varint*)
//                     | data_location (14) = EXTERNAL, external_data (13, {key (1), value (2)}*):
//                       "location" (relative path), "offset", "length" (decimal strings) )
//
// The tensors are the initializers and the `value` tensors of Constant nodes (named for the
// node's output) of the main graph and of every subgraph (If branches, Loop and Scan bodies),
// in file order. Subgraphs nest at most `ONNX.Graph.maxDepth` deep (a message cannot contain
// itself, but a file can nest deeply). STRING tensors are dropped; complex, 4-bit and other
// known types without a `DType` are listed in `skipped` (the rest of the model opens);
// unknown data_type codes are `.unsupportedDType`. Typed fields are accepted packed and one
// value per field; int32_data holds 8/16-bit integers, BOOL, (B)FLOAT16 and FLOAT8 bits.
// Tensor names are unique in the model (values are in single static assignment across a
// graph and its subgraphs): a second tensor of one name is `.malformedHeader`, so a name
// finds its tensor by one hashed lookup. External locations may not be absolute nor contain
// `..`. A weight consumed as input 1 of Conv (convWeight) or ConvTranspose
// (convTransposeWeight) gets that role.
//
// There is no magic number: sniffing accepts a file whose first field is ir_version (tag
// 0x08) with a small value, and whose fields in the first bytes are fields of ModelProto.

/// An ONNX model: initializers and Constant tensors of its graphs, raw data mapped zero-copy.
public struct ONNXFile: WeightFile {
    /// `"onnx"`.
    public static let formatName = "onnx"
    /// Largest `ir_version` the sniffer accepts (onnx 1.23 writes 12 or 13).
    public static let maxIRVersion: UInt64 = 30

    /// The path the file was opened from.
    public let path: String
    /// Every tensor, in file order; `byteRange` is a range of the model or of its external
    /// data file, or of the decoded buffer for tensors stored in typed fields.
    public let tensors: [TensorInfo]
    /// Complex and 4-bit tensors (no `DType`): listed, not read.
    public let skipped: [SkippedTensor]
    /// The `ir_version` of the model.
    public let irVersion: Int64
    /// The model's mapping.
    private let file: MappedFile
    /// The tensors with their sources, by name (unique in the model).
    private let entries: [String: ONNX.Entry]

    /// True when the file starts with ir_version (0x08, then 1…`maxIRVersion`) and every
    /// tag in the first bytes is a ModelProto field with its wire type.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool {
        guard prefix.count >= 3, prefix[0] == 0x08, prefix[1] >= 1, UInt64(prefix[1]) <= maxIRVersion else { return false }
        let wireTypes: [Int: Int] = [2: 2, 3: 2, 4: 2, 5: 0, 6: 2, 7: 2, 8: 2, 14: 2, 20: 2, 25: 2, 26: 2]
        var position = 2
        while position < prefix.count {
            guard let tag = Protobuf.Reader.varint(in: prefix, at: &position, end: prefix.count) else { return true }
            guard let wire = wireTypes[Int(tag >> 3)], wire == Int(tag & 7) else { return false }
            guard let value = Protobuf.Reader.varint(in: prefix, at: &position, end: prefix.count) else { return true }
            if wire == 2 {
                guard value < UInt64(Int.max - position) else { return false }
                position += Int(value)
            }
        }
        return true
    }

    /// Reads the model's graphs and checks every tensor (external data files are mapped).
    /// - Throws: `FormatError` `.truncated`, `.malformedHeader`, `.invalidDimension`,
    ///   (two tensors of one name too), `.overflow`, `.unsupportedDType`, `.sizeMismatch`,
    ///   `.tensorOutOfBounds`, `.badMember` (external data leaving the model's folder) or
    ///   `.io` (external data not readable).
    public init(file: MappedFile) throws(FormatError) {
        let found: [ONNX.Entry]
        do {
            (irVersion, found, skipped) = try Self.read(file)
        } catch {
            throw error.inFile(file.path)
        }
        self.path = file.path
        self.file = file
        self.tensors = found.map(\.info)
        self.entries = Dictionary(found.map { ($0.info.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Reads the ModelProto: ir_version and the main graph.
    private static func read(_ file: MappedFile) throws(FormatError) -> (Int64, [ONNX.Entry], [SkippedTensor]) {
        var reader = Protobuf.Reader(file.bytes, range: 0..<file.count, format: formatName)
        var irVersion: Int64?
        var graph = ONNX.Graph(file: file)
        var sawGraph = false
        while let field = try reader.next() {
            switch field.number {
            case 1:
                try reader.expect(field, .varint, "ModelProto.ir_version")
                irVersion = field.int64
            case 7:
                try reader.expect(field, .lengthDelimited, "ModelProto.graph")
                try graph.walk(reader.message(field), depth: 0, at: field.offset)
                sawGraph = true
            default:
                break
            }
        }
        guard let irVersion else { throw reader.failure("model has no ir_version (field 1)", at: 0) }
        guard sawGraph else { throw reader.failure("model has no graph (field 7)", at: 0) }
        return (irVersion, graph.tensors, graph.skipped)
    }

    /// The tensor's bytes: a slice of the model or external data mapping (zero-copy), or the
    /// values of its typed fields decoded into a buffer of their own.
    /// - Throws: `FormatError` `.badMember` for a tensor not in this model, or
    ///   `.tensorOutOfBounds` when its range does not lie in its mapping.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        guard let entry = entries[tensor.name], entry.info == tensor else {
            throw FormatError(file: path, format: Self.formatName, kind: .badMember("no tensor of this model is this one"),
                              tensor: tensor.name)
        }
        switch entry.source {
        case .mapped(let mapping):
            return try mapping.slice(of: tensor, format: Self.formatName)
        case .typed(let typed):
            let buffer = typed.decode(file.bytes)
            return TensorBytes(bytes: UnsafeRawBufferPointer(buffer.bytes), owner: buffer)
        }
    }
}
