// TFLite sparse tensors (schema.fbs), densified as TensorFlow's
// tflite::internal::sparsity::FormatConverter does:
//
//   SparsityParameters = traversal_order:[int](0) block_map:[int](1)
//                        dim_metadata:[DimensionMetadata](2)
//   DimensionMetadata  = format:DimensionType(0: DENSE 0 | SPARSE_CSR 1) dense_size:int(1)
//                        array_segments_type(2) array_segments:SparseIndexVector(3)
//                        array_indices_type(4) array_indices:SparseIndexVector(5)
//   SparseIndexVector  = Int32Vector(1) | Uint16Vector(2) | Uint8Vector(3), each {values(0)}
//
// A rank-n tensor with k blocked dims is traversed as n + k dims: the n original dims, each
// blocked one divided by its block size (block_map[b] names it; the size is the dense_size of
// dim_metadata[traversal_order[n + b]]), then the k block dims. dim_metadata[l] describes
// level l of the traversal, whose dim is traversal_order[l]: a DENSE level visits every index
// of that dim, a SPARSE_CSR level the indices array_indices[segments[p] ..< segments[p + 1]]
// under parent position p. Each leaf takes the next stored value; its dense index is the
// row-major index of (for each original dim d) index(d) · block + index(block of d).

/// The sparsity of one TFLite tensor, checked against its shape and stored values.
struct TFLiteSparsity: Sendable, Equatable {
    /// One traversal level.
    enum Level: Sendable, Equatable {
        /// Every index below `size`.
        case dense(size: Int)
        /// CSR: indices[segments[p] ..< segments[p + 1]] under parent position p.
        case sparse(segments: [Int], indices: [Int])
    }

    /// The dense shape.
    let shape: [Int]
    /// Traversal order over the n + k expanded dims.
    let order: [Int]
    /// For each block dim, the original dim it blocks.
    let blockMap: [Int]
    /// Block sizes, one per block dim.
    let blockSizes: [Int]
    /// The levels, in traversal order.
    let levels: [Level]
    /// Sizes of the n + k expanded dims.
    let expanded: [Int]

    /// Deepest traversal accepted.
    static let maxLevels = 16

    /// Reads and checks `table` for a tensor of `shape`; `fail` makes an error at an offset.
    /// - Throws: `.malformedHeader` for orders, block maps, levels, segments or indices that do
    ///   not fit the shape.
    init(_ table: FlatBuffers.Table, shape: [Int], fail: (String, Int) -> FormatError) throws(FormatError) {
        let n = shape.count
        order = try table.integers(0, Int32.self).map(Int.init)
        blockMap = try table.integers(1, Int32.self).map(Int.init)
        let metadata = try table.tables(2)
        let k = blockMap.count
        guard order.count == n + k, metadata.count == n + k, n + k <= Self.maxLevels,
              Set(order) == Set(0..<(n + k)), blockMap.allSatisfy({ (0..<n).contains($0) }), Set(blockMap).count == k else {
            throw fail("sparsity of rank \(n): traversal order \(order), block map \(blockMap), \(metadata.count) levels", table.position)
        }
        var sizes: [Int] = []
        for b in 0..<k {
            let size = Int(try metadata[order[n + b]].scalar(1, Int32(0)))
            guard size > 0, shape[blockMap[b]] % size == 0 else {
                throw fail("block size \(size) does not divide dim \(blockMap[b]) of \(shape)", table.position)
            }
            sizes.append(size)
        }
        var expanded = shape
        for b in 0..<k { expanded[blockMap[b]] /= sizes[b] }
        expanded += sizes
        blockSizes = sizes
        self.expanded = expanded
        self.shape = shape
        var levels: [Level] = []
        var parents = 1
        for (level, meta) in metadata.enumerated() {
            let size = expanded[order[level]]
            if try meta.scalar(0, Int8(0)) == 0 {
                guard Int(try meta.scalar(1, Int32(0))) == size else {
                    throw fail("dense level \(level) of size \(try meta.scalar(1, Int32(0))), dim \(order[level]) is \(size)", meta.position)
                }
                levels.append(.dense(size: size))
                parents *= size     // at most the product of the expanded dims: the checked element count
            } else {
                let segments = try Self.indexVector(meta, 2, fail: fail), indices = try Self.indexVector(meta, 4, fail: fail)
                guard segments.count == parents + 1, segments.first == 0, segments.last == indices.count,
                      zip(segments, segments.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                    throw fail("sparse level \(level): \(segments.count) segments for \(parents) parents, "
                               + "ending at \(segments.last ?? -1) of \(indices.count) indices, or decreasing", meta.position)
                }
                guard indices.allSatisfy({ (0..<size).contains($0) }) else {
                    throw fail("sparse level \(level): an index outside dim \(order[level]) of size \(size)", meta.position)
                }
                // Strictly increasing under each parent: no value twice in one place, and at most
                // the dense count of leaves, so the traversal's work is bounded by the dense size.
                for p in 0..<parents where segments[p + 1] - segments[p] > 1 {
                    guard zip(indices[segments[p]..<(segments[p + 1] - 1)], indices[(segments[p] + 1)..<segments[p + 1]])
                            .allSatisfy({ $0 < $1 }) else {
                        throw fail("sparse level \(level): indices under parent \(p) not increasing", meta.position)
                    }
                }
                levels.append(.sparse(segments: segments, indices: indices))
                parents = indices.count
            }
        }
        self.levels = levels
        self.storedCount = parents
    }

    /// Values stored (the leaves of the traversal).
    let storedCount: Int

    /// The values of SparseIndexVector `typeField` (its value is the next field).
    static func indexVector(_ meta: FlatBuffers.Table, _ typeField: Int, fail: (String, Int) -> FormatError) throws(FormatError) -> [Int] {
        let type = try meta.scalar(typeField, UInt8(0))
        guard let vector = try meta.table(typeField + 1) else { throw fail("sparse level without its index vector", meta.position) }
        switch type {
        case 1: return try vector.integers(0, Int32.self).map(Int.init)
        case 2: return try vector.integers(0, UInt16.self).map(Int.init)
        case 3: return try vector.integers(0, UInt8.self).map(Int.init)
        default: throw fail("SparseIndexVector type \(type)", meta.position)
        }
    }

    /// Scatters the `storedCount` elements of `stored` (`size` bytes each) into `dense`
    /// (zeroed, `shape`'s count × `size` bytes). Work: the traversal's nodes, at most the
    /// dense element count.
    func densify(_ stored: UnsafeRawBufferPointer, into dense: UnsafeMutableRawBufferPointer, elementSize size: Int) {
        let n = shape.count
        var indices = [Int](repeating: 0, count: levels.count)
        var next = 0
        func visit(_ level: Int, _ parent: Int) {
            guard level < levels.count else {
                var flat = 0
                for d in 0..<n {
                    var index = 0
                    for l in 0..<levels.count where order[l] == d { index = indices[l] }
                    if let b = blockMap.firstIndex(of: d), let l = order.firstIndex(of: n + b) {
                        index = index * blockSizes[b] + indices[l]
                    }
                    flat = flat * shape[d] + index
                }
                dense.baseAddress!.advanced(by: flat * size).copyMemory(from: stored.baseAddress!.advanced(by: next * size), byteCount: size)
                next += 1
                return
            }
            switch levels[level] {
            case .dense(let extent):
                for i in 0..<extent {
                    indices[level] = i
                    visit(level + 1, parent * extent + i)
                }
            case .sparse(let segments, let positions):
                for p in segments[parent]..<segments[parent + 1] {
                    indices[level] = positions[p]
                    visit(level + 1, p)
                }
            }
        }
        visit(0, 0)
    }
}
