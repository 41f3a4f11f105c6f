import Foundation

/// The bench's input files, written once into the work folder from a seeded generator so
/// every run (and the Python baselines, which read the same files) sees the same values.
enum InputFiles {
    /// Seeded uniform values in [-0.2, 0.2), the same sequence for every file.
    struct Generator {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15

        mutating func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max) * 0.2
        }

        mutating func nextByte() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 40)
        }
    }

    /// A safetensors file holding one tensor `name` of `shape`, F32 or F16, written in pieces.
    static func safetensors(_ path: String, name: String, shape: [Int], f16: Bool) throws {
        let count = shape.reduce(1, *), width = f16 ? 2 : 4
        var header = "{\"\(name)\":{\"dtype\":\"\(f16 ? "F16" : "F32")\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],"
            + "\"data_offsets\":[0,\(count * width)]}}"
        while (8 + header.utf8.count) % 8 != 0 { header += " " }
        var prefix = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { prefix.append(contentsOf: $0) }
        prefix.append(contentsOf: Array(header.utf8))
        try write(path, prefix: prefix, total: count * width) { generator, remaining, piece in
            for _ in 0..<min(1 << 22, remaining / width) {
                let value = generator.next()
                if f16 {
                    withUnsafeBytes(of: Float16(value).bitPattern.littleEndian) { piece.append(contentsOf: $0) }
                } else {
                    withUnsafeBytes(of: value.bitPattern.littleEndian) { piece.append(contentsOf: $0) }
                }
            }
        }
    }

    /// A GGUF v3 file with one Q4_K tensor `name` of `rows`×`cols` (ne = [cols, rows]):
    /// blocks of seeded random bytes whose f16 scales `d` and `dmin` are small and finite
    /// (the same shape of data as Benchmarks/baseline/make_gguf_bench.py writes).
    static func ggufQ4K(_ path: String, name: String, rows: Int, cols: Int) throws {
        precondition(cols % 256 == 0, "Q4_K rows are whole 256-value blocks")
        var head = Data("GGUF".utf8)
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { head.append(contentsOf: $0) } }
        func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { head.append(contentsOf: $0) } }
        u32(3); u64(1); u64(0)                                   // version, tensor_count, kv_count
        u64(UInt64(name.utf8.count)); head.append(contentsOf: Array(name.utf8))
        u32(2); u64(UInt64(cols)); u64(UInt64(rows))              // n_dims, ne[0], ne[1]
        u32(12); u64(0)                                           // type Q4_K, offset
        while head.count % 32 != 0 { head.append(0) }
        let blocks = rows * cols / 256
        try write(path, prefix: head, total: blocks * 144) { generator, remaining, piece in
            for _ in 0..<min(1 << 16, remaining / 144) {
                for _ in 0..<2 {                                  // d, dmin: |x| ≤ 0.02
                    withUnsafeBytes(of: Float16(generator.next() * 0.1).bitPattern.littleEndian) { piece.append(contentsOf: $0) }
                }
                for _ in 0..<140 { piece.append(generator.nextByte()) }
            }
        }
    }

    /// Writes `prefix`, then the pieces `fill(generator, bytesRemaining, &piece)` appends,
    /// until `total` data bytes are written; renames the file into place when complete.
    private static func write(_ path: String, prefix: Data, total: Int,
                              fill: (inout Generator, Int, inout Data) -> Void) throws {
        let partial = path + ".partial"
        guard FileManager.default.createFile(atPath: partial, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
        try handle.write(contentsOf: prefix)
        var generator = Generator(), written = 0
        while written < total {
            var piece = Data()
            fill(&generator, total - written, &piece)
            try handle.write(contentsOf: piece)
            written += piece.count
        }
        try handle.close()
        try FileManager.default.moveItem(atPath: partial, toPath: path)
    }
}
