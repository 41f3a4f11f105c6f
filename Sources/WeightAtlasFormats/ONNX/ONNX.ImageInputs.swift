import WeightAtlasTensor

// Which dense weights see an image: the main graph's inputs N×C×H×W, followed through
// shape-keeping elementwise nodes to a Flatten or Reshape, and from there (through Identity,
// Cast, Dropout) into input 0 of a Gemm or MatMul; that node's input 1 is a dense weight
// whose rows (Gemm transB = 1: out×in) or columns (Gemm transB = 0, MatMul: in×out) are
// C×H×W images.
//
//   ValueInfoProto = name (1)  type (2, TypeProto)
//   TypeProto      = tensor_type (1, { elem_type (1)  shape (2, TensorShapeProto) })
//   TensorShapeProto = dim (1, { dim_value (1, int64) | dim_param (2, string) })*
//   AttributeProto = name (1)  i (3, int64)      (Gemm's transB)

extension ONNX {
    /// The dataflow facts of the main graph that say which dense weights see images.
    struct ImageInputs {
        /// Main-graph inputs of rank 4 with known C, H, W, by name.
        private(set) var images: [String: ImageShape] = [:]
        /// The main graph's nodes as dataflow: op, inputs, outputs, Gemm's transB (the inputs
        /// come after the nodes in the file, so the flow is followed once the graph is read).
        private var nodes: [(op: String, inputs: [String], output: String, transB: Int64)] = []

        /// Ops whose output has the shape (and element order) of their input 0.
        static let elementwise: Set<String> = ["Identity", "Cast", "Sub", "Div", "Mul", "Add", "Relu", "Dropout"]
        /// Ops that keep a flattened row as it is.
        static let passthrough: Set<String> = ["Identity", "Cast", "Dropout"]

        /// Takes the graph input in `message` (a ValueInfoProto) when it is an N×C×H×W tensor.
        /// - Throws: `FormatError` `.malformedHeader` for a field of the wrong wire type.
        mutating func addInput(_ message: Protobuf.Reader) throws(FormatError) {
            var reader = message
            var name = "", dims: [Int64?] = []
            while let field = try reader.next() {
                switch field.number {
                case 1: name = try reader.text(field, "ValueInfoProto.name")
                case 2:
                    try reader.expect(field, .lengthDelimited, "ValueInfoProto.type")
                    dims = try Self.dims(ofType: reader.message(field))
                default: break
                }
            }
            guard dims.count == 4, let c = dims[1], let h = dims[2], let w = dims[3],
                  [c, h, w].allSatisfy({ $0 > 0 && $0 <= 1 << 20 }), !name.isEmpty else { return }
            images[name] = ImageShape(channels: Int(c), height: Int(h), width: Int(w))
        }

        /// The dims of a TypeProto's tensor shape (nil for symbolic or missing ones).
        static func dims(ofType message: Protobuf.Reader) throws(FormatError) -> [Int64?] {
            var dims: [Int64?] = []
            for tensor in try submessages(message, 1, "TypeProto.tensor_type") {
                for shape in try submessages(tensor, 2, "TypeProto.Tensor.shape") {
                    for dim in try submessages(shape, 1, "TensorShapeProto.dim") {
                        var reader = dim, value: Int64?
                        while let field = try reader.next() {
                            if field.number == 1 && field.wireType == .varint { value = field.int64 }
                        }
                        dims.append(value)
                    }
                }
            }
            return dims
        }

        /// The length-delimited fields numbered `number` of `message`, as readers.
        static func submessages(_ message: Protobuf.Reader, _ number: Int, _ name: String) throws(FormatError) -> [Protobuf.Reader] {
            var reader = message, found: [Protobuf.Reader] = []
            while let field = try reader.next() {
                guard field.number == number else { continue }
                try reader.expect(field, .lengthDelimited, name)
                found.append(reader.message(field))
            }
            return found
        }

        /// Notes one main-graph node (nodes come in topological order).
        mutating func visit(_ node: Node) {
            guard node.domain.isEmpty || node.domain == "ai.onnx", !node.inputs.isEmpty,
                  let output = node.outputs.first else { return }
            nodes.append((node.opType, node.inputs, output, node.ints["transB"] ?? 0))
        }

        /// Dense weights fed a flattened image: their image, and whether they are stored in×out.
        func weights() -> [String: (image: ImageShape, inputFirst: Bool)] {
            var images = self.images, flattened: [String: ImageShape] = [:]
            var weights: [String: (image: ImageShape, inputFirst: Bool)] = [:]
            for node in nodes {
                if let image = images[node.inputs[0]] {
                    if Self.elementwise.contains(node.op) { images[node.output] = image }
                    if node.op == "Flatten" || node.op == "Reshape" { flattened[node.output] = image }
                } else if let image = flattened[node.inputs[0]] {
                    if Self.passthrough.contains(node.op) || node.op == "Reshape" { flattened[node.output] = image }
                    if (node.op == "Gemm" || node.op == "MatMul"), node.inputs.count > 1 {
                        weights[node.inputs[1]] = (image, node.op == "MatMul" || node.transB == 0)
                    }
                }
            }
            return weights
        }

        /// `info` with the image its rows see, if `weights` says so and the sizes agree.
        static func annotate(_ info: TensorInfo, _ weights: [String: (image: ImageShape, inputFirst: Bool)]) -> TensorInfo {
            guard let (image, inputFirst) = weights[info.name], info.shape.count == 2,
                  info.shape[inputFirst ? 0 : 1] == image.count else { return info }
            var info = info
            info.inputImage = image
            if inputFirst { info.role = .channelsLastKernel }
            return info
        }
    }
}
