import Foundation

/// The 1-gigapixel scenario: a 4096×4096×3×3 conv layer (16.7 M kernels, a filter bank) at
/// scale 2 is a 28671×28671 mosaic (822 Mpx). The CLI renders it while this measures its
/// wall time and peak resident memory (posix_spawn + wait4), to show memory stays bounded:
/// peak RSS ≤ 256 MiB + the mapped input.
enum Gigapixel {
    static func run(folder: String = NSTemporaryDirectory() + "weightatlas-gigapixel") throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/layer.safetensors"
        let shape = [4096, 4096, 3, 3]
        if !FileManager.default.fileExists(atPath: input) { try writeSafetensors(input, shape: shape) }
        let inputBytes = try FileManager.default.attributesOfItem(atPath: input)[.size] as! Int
        let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("weightatlas").path
        let start = Date()
        let (status, peak) = spawn(cli, ["render", input, "-o", folder + "/atlas", "--scale", "2", "--quiet", "--backend", "cpu"])
        let seconds = Date().timeIntervalSince(start)
        let png = (try? FileManager.default.attributesOfItem(atPath: folder + "/atlas/layer.png")[.size] as? Int) ?? 0
        print("gigapixel: 4096x4096x3x3 f32 (\(inputBytes >> 20) MiB mapped) -> 28671x28671 grey PNG (\(png >> 20) MiB)")
        print(String(format: "  exit %d, %.1f s, peak RSS %d MiB = input %d MiB + %d MiB (budget 256 MiB)",
                     status, seconds, peak >> 20, inputBytes >> 20, (peak - inputBytes) >> 20))
    }

    /// A safetensors file of seeded float32 values, written in 64 MiB pieces.
    static func writeSafetensors(_ path: String, shape: [Int]) throws {
        let count = shape.reduce(1, *)
        var header = "{\"layer\":{\"dtype\":\"F32\",\"shape\":[\(shape.map(String.init).joined(separator: ","))],\"data_offsets\":[0,\(count * 4)]}}"
        while (8 + header.utf8.count) % 8 != 0 { header += " " }
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var prefix = Data()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { prefix.append(contentsOf: $0) }
        prefix.append(contentsOf: Array(header.utf8))
        try handle.write(contentsOf: prefix)
        var state: UInt64 = 42
        var piece = [Float](repeating: 0, count: 1 << 24)
        var written = 0
        while written < count {
            let n = min(piece.count, count - written)
            for i in 0..<n {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                piece[i] = Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max)
            }
            try piece[0..<n].withUnsafeBytes { try handle.write(contentsOf: Data($0)) }
            written += n
        }
    }

    /// Runs `path arguments...` and returns its exit status and peak RSS in bytes.
    static func spawn(_ path: String, _ arguments: [String]) -> (Int32, Int) {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, nil, nil, argv, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0
        var usage = rusage()
        _ = wait4(pid, &status, 0, &usage)
        return ((status >> 8) & 0xFF, usage.ru_maxrss * 1024)
    }
}
