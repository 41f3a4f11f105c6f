import Foundation
import WeightAtlas

/// Encoder runs on one image's pixels: every preset at 1 and 2 workers (`--encode`), a filter
/// study at each igzip level, and Pillow's default save of the same pixels, all in one run.
struct EncodeBench {
    let width: Int
    let height: Int
    let channels: Int
    let pixels: [UInt8]
    let repeats: Int

    /// A PNG image decoded from disk (e.g. a `weightatlas render` output).
    static func image(_ path: String, repeats: Int) throws -> EncodeBench {
        let image = try PNGImage(path: path)
        return EncodeBench(width: image.width, height: image.height, channels: image.channels, pixels: image.pixels, repeats: repeats)
    }

    var rawBytes: Int { pixels.count }

    /// Fastest of `repeats` runs of each of `makers`, with each file's size.
    func measure(_ makers: [(String) throws -> PNGWriterLike]) throws -> [(seconds: Double, bytes: Int)] {
        try samples(makers).map { (($0.seconds.values.min() ?? .infinity), $0.bytes) }
    }

    /// `repeats` runs of each of `makers`, run in turn round by round (the machine is shared:
    /// interleaving exposes every configuration to the same load), with each file's size.
    func samples(_ makers: [(String) throws -> PNGWriterLike]) throws -> [(seconds: Sample, bytes: Int)] {
        var all = [(seconds: Sample, bytes: Int)](repeating: (Sample(), 0), count: makers.count)
        for _ in 0..<repeats {
            for (i, make) in makers.enumerated() {
                let run = try once(make)
                all[i].seconds.add(run.seconds)
                all[i].bytes = run.bytes
            }
        }
        return all
    }

    /// Seconds and file size of one encode, handing the rows over in bands of 256 rows as the
    /// render pipeline does.
    func once(_ make: (String) throws -> PNGWriterLike) throws -> (seconds: Double, bytes: Int) {
        let path = NSTemporaryDirectory() + "weightatlas-encode-bench-\(getpid()).png"
        defer { unlink(path) }
        // Earlier files (the (f) mosaic, the previous run's PNG) are flushed first: their
        // writeback must not land on the cores of the run being timed.
        sync()
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
        return Baseline.pillowSave(raw: raw, width: width, height: height, channels: channels, repeats: repeats)
    }
}

/// What the bench drives: `PNGWriter` and `ParallelPNGWriter` alike.
protocol PNGWriterLike {
    func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError)
    func finish() throws(OutputError)
}

extension PNGWriter: PNGWriterLike {}
extension ParallelPNGWriter: PNGWriterLike {}
