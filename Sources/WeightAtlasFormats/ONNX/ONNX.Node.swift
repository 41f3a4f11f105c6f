import WeightAtlasTensor

extension ONNX {
    /// A NodeProto, as far as weights care: its operator, inputs and outputs, the tensor of
    /// a Constant node's `value` attribute, and the subgraphs in its graph attributes.
    struct Node {
        /// `op_type` (4).
        var opType = ""
        /// `domain` (7); empty for the default ONNX domain.
        var domain = ""
        /// `input` (1), in order.
        var inputs: [String] = []
        /// `output` (2), in order.
        var outputs: [String] = []
        /// Values of `i` (3) attributes by the attribute's name (Gemm's `transB`).
        var ints: [String: Int64] = [:]
        /// Tensors of `t` (5) attributes, with the attribute's name.
        var tensors: [(attribute: String, tensor: Tensor)] = []
        /// Messages of `g` (6) and `graphs` (11) attributes (If branches, Loop and Scan bodies),
        /// with the file offset of each field.
        var subgraphs: [(reader: Protobuf.Reader, offset: Int)] = []

        /// Reads the NodeProto in `message`.
        /// - Throws: `FormatError` `.malformedHeader` for a field of the wrong wire type, or
        ///   any error of the reader or of `Tensor`.
        init(_ message: Protobuf.Reader) throws(FormatError) {
            var reader = message
            while let field = try reader.next() {
                switch field.number {
                case 1: inputs.append(try reader.text(field, "NodeProto.input"))
                case 2: outputs.append(try reader.text(field, "NodeProto.output"))
                case 4: opType = try reader.text(field, "NodeProto.op_type")
                case 7: domain = try reader.text(field, "NodeProto.domain")
                case 5:
                    try reader.expect(field, .lengthDelimited, "NodeProto.attribute")
                    try readAttribute(reader.message(field))
                default: break
                }
            }
        }

        /// Takes the tensor and graphs of one AttributeProto: name (1), t (5), g (6), graphs (11).
        private mutating func readAttribute(_ message: Protobuf.Reader) throws(FormatError) {
            var reader = message
            var name = ""
            var found: [Tensor] = []
            var int: Int64?
            while let field = try reader.next() {
                switch field.number {
                case 1: name = try reader.text(field, "AttributeProto.name")
                case 3:
                    try reader.expect(field, .varint, "AttributeProto.i")
                    int = field.int64
                case 5:
                    try reader.expect(field, .lengthDelimited, "AttributeProto.t")
                    found.append(try Tensor(reader.message(field), at: field.offset))
                case 6, 11:
                    try reader.expect(field, .lengthDelimited, "AttributeProto.g")
                    subgraphs.append((reader.message(field), field.offset))
                default: break
                }
            }
            tensors += found.map { (name, $0) }
            if let int { ints[name] = int }
        }

        /// True for an operator of the default domain named `name`.
        func isStandard(_ name: String) -> Bool {
            opType == name && (domain.isEmpty || domain == "ai.onnx")
        }

        /// The tensor a Constant node produces, named for its output; nil for other nodes.
        var constant: Tensor? {
            guard isStandard("Constant"), var tensor = tensors.first(where: { $0.attribute == "value" })?.tensor else {
                return nil
            }
            if let output = outputs.first, !output.isEmpty { tensor.name = output }
            return tensor
        }

        /// The tensors this node consumes whose purpose the layout or the checks should know:
        /// a Conv's or ConvTranspose's input 1, a QLinearConv's input 3, a BatchNormalization's
        /// running mean and variance (inputs 3 and 4).
        var weightRoles: [(name: String, role: TensorRole)] {
            let slots: [(Int, TensorRole)]
            if isStandard("Conv") || isStandard("ConvInteger") {
                slots = [(1, .convWeight)]
            } else if isStandard("QLinearConv") {
                slots = [(3, .convWeight)]
            } else if isStandard("ConvTranspose") {
                slots = [(1, .convTransposeWeight)]
            } else if isStandard("BatchNormalization") {
                slots = [(3, .normalizationStatistic), (4, .normalizationStatistic)]
            } else {
                slots = []
            }
            return slots.compactMap { index, role in
                index < inputs.count && !inputs[index].isEmpty ? (inputs[index], role) : nil
            }
        }
    }
}
