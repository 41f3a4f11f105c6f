import WeightAtlasTensor

extension ONNX {
    /// Walks a GraphProto and, recursively, the subgraphs of its nodes, collecting every
    /// initializer and Constant tensor in file order and the roles Conv-like nodes give them.
    struct Graph {
        /// Deepest nesting of subgraphs accepted (the main graph is depth 0).
        static let maxDepth = 32

        /// The model's mapping.
        let file: MappedFile
        /// External data files met so far.
        var external: ExternalFiles
        /// Tensors found so far, in file order.
        private(set) var entries: [Entry] = []
        /// Tensors of types without a `DType` (complex, 4-bit), in file order.
        private(set) var skipped: [SkippedTensor] = []
        /// Roles by tensor name, from the nodes that consume them (the first consumer wins).
        private(set) var roles: [String: TensorRole] = [:]
        /// File offset of every tensor kept or skipped so far, by name (names are unique model-wide).
        private var offsets: [String: Int] = [:]
        /// Which dense weights of the main graph see an image input.
        private var imageInputs = ImageInputs()

        /// A walker over the model `file`.
        init(file: MappedFile) {
            self.file = file
            self.external = ExternalFiles(modelPath: file.path)
        }

        /// Reads the GraphProto in `message` (its field at `offset`), `depth` graphs deep:
        /// nodes (1), initializers (5) and, in the main graph, inputs (11); sparse initializers
        /// and the rest are skipped.
        /// - Throws: `FormatError` `.malformedHeader` past `maxDepth` or for a field of the
        ///   wrong wire type, or any error of `Node`, `Tensor` and `Entry.resolve`.
        mutating func walk(_ message: Protobuf.Reader, depth: Int, at offset: Int) throws(FormatError) {
            guard depth <= Self.maxDepth else {
                throw message.failure("subgraphs nested deeper than \(Self.maxDepth)", at: offset)
            }
            var reader = message
            while let field = try reader.next() {
                switch field.number {
                case 1:
                    try reader.expect(field, .lengthDelimited, "GraphProto.node")
                    let node = try Node(reader.message(field))
                    if depth == 0 { imageInputs.visit(node) }
                    try visit(node, depth: depth)
                case 11 where depth == 0:
                    try reader.expect(field, .lengthDelimited, "GraphProto.input")
                    try imageInputs.addInput(reader.message(field))
                case 5:
                    try reader.expect(field, .lengthDelimited, "GraphProto.initializer")
                    try add(Tensor(reader.message(field), at: field.offset))
                default:
                    break
                }
            }
        }

        /// The node's Constant tensor, its weight's role, then its subgraphs.
        private mutating func visit(_ node: Node, depth: Int) throws(FormatError) {
            if let constant = node.constant { try add(constant) }
            for (name, role) in node.weightRoles where roles[name] == nil { roles[name] = role }
            for (subgraph, offset) in node.subgraphs {
                try walk(subgraph, depth: depth + 1, at: offset)
            }
        }

        /// Checks `tensor` and keeps it (STRING tensors are dropped, complex and 4-bit ones
        /// listed in `skipped`).
        /// - Throws: `.duplicateName` for a second tensor of one name: ONNX values are in
        ///   single static assignment across a graph and its subgraphs, and a name must find
        ///   one tensor (60,000 initializers of one name made each lookup a linear search).
        private mutating func add(_ tensor: Tensor) throws(FormatError) {
            if let type = DataType(code: tensor.dataType), type.dtype == nil, !type.isString {
                try claim(tensor)
                skipped.append(SkippedTensor(name: tensor.name, type: type.name, shape: tensor.dims))
                return
            }
            guard let entry = try Entry.resolve(tensor, file: file, external: &external) else { return }
            try claim(tensor)
            entries.append(entry)
        }

        /// Records `tensor`'s name, refusing one already taken.
        private mutating func claim(_ tensor: Tensor) throws(FormatError) {
            if let first = offsets.updateValue(tensor.offset, forKey: tensor.name) {
                throw FormatError(format: ONNXFile.formatName,
                                  kind: .duplicateName(tensor.name, first: "at byte \(first)"),
                                  tensor: tensor.name, offset: tensor.offset)
            }
        }

        /// Every tensor found, with the role its consumers give it and the image a dense
        /// weight's rows see.
        var tensors: [Entry] {
            let imageWeights = imageInputs.weights()
            return entries.map { entry in
                var entry = entry
                entry.info.role = roles[entry.info.name]
                entry.info = ImageInputs.annotate(entry.info, imageWeights)
                return entry
            }
        }
    }
}
