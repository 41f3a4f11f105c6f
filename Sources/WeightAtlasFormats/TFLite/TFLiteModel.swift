import WeightAtlasTensor

/// Reads a TFLite `Model` (see TFLiteFile's grammar) into its weight entries.
enum TFLiteModel {
    /// BuiltinOperator codes the reader looks at.
    static let conv2D: Int32 = 3, depthwiseConv2D: Int32 = 4, dequantize: Int32 = 6

    /// Every constant tensor of every subgraph, once per buffer, in subgraph then tensor order.
    /// A subgraph or tensor table listed twice is read once (by offset), an operator table
    /// once per subgraph; every read counts against the reader's `FlatBuffers.Budget`.
    /// - Throws: the kinds of `TFLiteTensor.entry`, `.indexOutOfRange` (buffers), `.malformedHeader` (sparse
    ///   tensors expanding past 64 × the file + 16 MiB), `.overBudget` (reads; buffer bytes,
    ///   counted again for each buffer aliasing them, past the file's size).
    static func entries(_ reader: FlatBuffers.Reader) throws(FormatError) -> [TFLiteEntry] {
        let model = try reader.root()
        _ = try model.string(3)   // description: checked, not kept
        let buffers = try model.tables(4).map { (table) throws(FormatError) -> Range<Int> in try bufferRange(table, reader) }
        let opcodes = try model.tables(1).map { (code) throws(FormatError) -> Int32 in
            max(Int32(try code.scalar(0, Int8(0))), try code.scalar(3, Int32(0)))
        }
        var walk = Walk(buffers: buffers, fileSize: reader.bytes.count)
        var seenSubgraphs = Set<Int>()
        for subgraph in try model.tables(2) where seenSubgraphs.insert(subgraph.position).inserted {
            let tensors = try subgraph.tables(0)
            let roles = try roles(subgraph.tables(3), opcodes: opcodes, tensorCount: tensors.count, reader: reader)
            for (index, tensor) in tensors.enumerated() where walk.seenTensors.insert(tensor.position).inserted {
                try walk.add(tensor, role: roles[index], reader: reader)
            }
        }
        return walk.entries
    }

    /// The entries found so far, and what they have used of the file's budgets.
    private struct Walk {
        /// Every buffer's file range, by index.
        let buffers: [Range<Int>]
        /// Bytes all tensors' buffers may hold together: the file's size, so buffers that
        /// alias one vector (48,000 of them on one 16 MiB vector) cannot multiply the work.
        let storedBudget: Int
        /// Sparse tensors expand on reading: bounded relative to the file, so a small file
        /// cannot ask for unbounded memory and work.
        let sparseBudget: Int
        var entries: [TFLiteEntry] = []
        var seenTensors = Set<Int>(), seenBuffers = Set<Int>(), seenNames = Set<String>()
        var stored = 0, densified = 0

        init(buffers: [Range<Int>], fileSize: Int) {
            self.buffers = buffers
            storedBudget = fileSize
            sparseBudget = 64 * fileSize + (16 << 20)
        }

        /// Keeps `tensor` when its buffer holds data no earlier tensor took.
        mutating func add(_ tensor: FlatBuffers.Table, role: TensorRole?, reader: FlatBuffers.Reader) throws(FormatError) {
            let bufferIndex = Int(try tensor.scalar(2, UInt32(0)))
            guard bufferIndex < buffers.count else {
                throw FormatError(format: TFLiteFile.formatName,
                                  kind: .indexOutOfRange(field: "buffer index", index: bufferIndex, count: buffers.count),
                                  tensor: try tensor.string(3), offset: tensor.position)
            }
            guard bufferIndex > 0, !buffers[bufferIndex].isEmpty, seenBuffers.insert(bufferIndex).inserted else { return }
            var entry = try TFLiteTensor.entry(tensor, stored: buffers[bufferIndex], reader: reader)
            guard seenNames.insert(entry.info.name).inserted else { return }
            stored += entry.stored.count
            guard stored <= storedBudget else {
                throw FormatError(format: TFLiteFile.formatName,
                                  kind: .overBudget("buffer bytes, counted again for each buffer aliasing them (the file's size)",
                                                    limit: storedBudget),
                                  tensor: entry.info.name, offset: tensor.position)
            }
            if entry.sparsity != nil {
                densified += entry.info.count * entry.storedType.size
                guard densified <= sparseBudget else {
                    throw FormatError(format: TFLiteFile.formatName,
                                      kind: .malformedHeader("sparse tensors expand to more than \(sparseBudget) bytes "
                                                             + "(64 × the file + 16 MiB)"),
                                      tensor: entry.info.name, offset: tensor.position)
                }
            }
            entry.info.role = role
            entries.append(entry)
        }
    }

    /// The file range of a `Buffer`: its `data` vector, or `offset`/`size` (models past 2 GB).
    private static func bufferRange(_ buffer: FlatBuffers.Table, _ reader: FlatBuffers.Reader) throws(FormatError) -> Range<Int> {
        if let data = try buffer.vector(0, elementSize: 1) { return data.range }
        let offset = try buffer.scalar(1, UInt64(0)), size = try buffer.scalar(2, UInt64(0))
        guard offset > 1 else { return 0..<0 }
        guard offset <= UInt64(reader.bytes.count), size <= UInt64(reader.bytes.count) - offset else {
            throw FormatError(format: TFLiteFile.formatName,
                              kind: .tensorOutOfBounds(start: Int(clamping: offset), count: Int(clamping: size),
                                                       available: reader.bytes.count),
                              offset: buffer.position)
        }
        return Int(offset)..<Int(offset + size)
    }

    /// Roles of the weights (input 1) of CONV_2D (OHWI) and DEPTHWISE_CONV_2D (1HWC), also
    /// given to the source of a DEQUANTIZE that feeds them (float16 or int8 weights).
    private static func roles(_ operators: [FlatBuffers.Table], opcodes: [Int32], tensorCount: Int,
                              reader: FlatBuffers.Reader) throws(FormatError) -> [Int: TensorRole] {
        var dequantized: [Int32: Int32] = [:]
        var weights: [(Int32, TensorRole)] = []
        var seen = Set<Int>()
        for op in operators where seen.insert(op.position).inserted {
            let code = Int(try op.scalar(0, UInt32(0)))
            guard code < opcodes.count else {
                throw reader.failure("opcode_index \(code) past the model's \(opcodes.count) operator codes", at: op.position)
            }
            let inputs = try op.integers(1, Int32.self), outputs = try op.integers(2, Int32.self)
            switch opcodes[code] {
            case dequantize where inputs.count >= 1 && outputs.count >= 1: dequantized[outputs[0]] = inputs[0]
            case conv2D where inputs.count >= 2: weights.append((inputs[1], .outputFirstChannelsLast))
            case depthwiseConv2D where inputs.count >= 2: weights.append((inputs[1], .depthwiseChannelsLast))
            default: break
            }
        }
        var roles: [Int: TensorRole] = [:]
        for (tensor, role) in weights where tensor >= 0 && Int(tensor) < tensorCount {
            roles[Int(tensor)] = role
            if let source = dequantized[tensor], source >= 0 { roles[Int(source)] = role }
        }
        return roles
    }
}
