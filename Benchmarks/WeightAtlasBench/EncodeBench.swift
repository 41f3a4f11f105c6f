import Foundation
import WeightAtlas

/// `--encode`: the scenario mosaic encoded with every preset at 1 and 2 workers, a filter
/// study at each igzip level, and Pillow's default save of the same pixels, all in one run.
struct EncodeBench {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]
    let repeats: Int

    /// Renders the scenario's mosaic once on the CPU backend.
    static func scenario(_ scenario: Scenario, repeats: Int) throws -> EncodeBench {
        let grid = scenario.grid
        var pixels = [UInt8](repeating: 0, count: grid.width * grid.height * 3)
        let backend = CPUBackend()
        let stats = try scenario.values.withUnsafeBufferPointer { try backend.reduce($0, segmentLength: 363, phase: 0) }
        let job = BandJob(grid: grid, rows: 0..<grid.height, groupLength: 363, params: stats.map { GroupParams(lo: $0.min, hi: $0.max) },
                          pixelChannels: 3, palette: Palette(colormap: .gray, pad: 0))
        try scenario.values.withUnsafeBufferPointer { v in try pixels.withUnsafeMutableBytes { try backend.render(job, values: v, into: $0) } }
        return EncodeBench(width: grid.width, height: grid.height, channels: 3, pixels: pixels, repeats: repeats)
    }

    /// A PNG image decoded from disk (e.g. a `weightatlas render` output).
    static func image(_ path: String, repeats: Int) throws -> EncodeBench {
        let image = try PNGImage(path: path)
        return EncodeBench(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels, repeats: repeats)
    }

    var rawBytes: Int { pixels.count }

    /// Fastest of `repeats` runs of each of `makers`, run in turn round by round (the
    /// machine is shared: interleaving exposes every configuration to the same load, and the
    /// minimum is the least disturbed run), with each file's size.
    func measure(_ makers: [(String) throws -> PNGWriterLike]) throws -> [(seconds: Double, bytes: Int)] {
        var best = [(seconds: Double, bytes: Int)](repeating: (.infinity, 0), count: makers.count)
        for _ in 0..<repeats {
            for (i, make) in makers.enumerated() {
                let run = try once(make)
                best[i] = (min(best[i].seconds, run.seconds), run.bytes)
            }
        }
        return best
    }

    /// Seconds and file size of one encode, handing the rows over in bands of 256 rows as the
    /// render pipeline does.
    func once(_ make: (String) throws -> PNGWriterLike) throws -> (seconds: Double, bytes: Int) {
        let path = NSTemporaryDirectory() + "weightatlas-encode-bench-\(getpid()).png"
        defer { unlink(path) }
        let start = DispatchTime.now().uptimeNanoseconds
        let writer = try make(path)
        let band = 256 * width * channels
        try pixels.withUnsafeBytes { all in
            var at = 0
            while at < all.count {
                try writer.write(rows: UnsafeRawBufferPointer(rebasing: all[at..<min(all.count, at + band)]))
                at += band
            }
        }
        try writer.finish()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // Every file is decoded (untimed) and checked against the pixels.
        guard try PNGImage(path: path).pixels == pixels else {
            throw OutputError(path: path, message: "decodes to other pixels")
        }
        return (seconds, (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0)
    }

    /// Pillow's default PNG save of the same pixels (Benchmarks/baseline/pillow_save.py), or nil.
    func pillow() -> (seconds: Double, bytes: Int)? {
        let raw = NSTemporaryDirectory() + "weightatlas-encode-bench-\(getpid()).rgb"
        defer { unlink(raw) }
        guard FileManager.default.createFile(atPath: raw, contents: Data(pixels)) else { return nil }
        let script = URL(fileURLWithPath: Baseline.script).deletingLastPathComponent().appendingPathComponent("pillow_save.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, raw, String(width), String(height), String(channels), "--repeat", String(repeats)]
        let out = Pipe()
        process.standardOutput = out
        guard (try? process.run()) != nil else { return nil }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = json["seconds"] as? Double, let bytes = json["png_bytes"] as? Int else { return nil }
        return (seconds, bytes)
    }
}

/// What the bench drives: `PNGWriter` and `ParallelPNGWriter` alike.
protocol PNGWriterLike {
    func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError)
    func finish() throws(OutputError)
}

extension PNGWriter: PNGWriterLike {}
extension ParallelPNGWriter: PNGWriterLike {}
