import Foundation
import WeightAtlas

/// The `--encode` run and its table.
enum EncodeReport {
    static func run(_ bench: EncodeBench, label: String) throws {
        let mb = Double(bench.rawBytes) / 1e6
        print("encode: \(label) \(bench.width)x\(bench.height)x\(bench.channels) (\(String(format: "%.1f", mb)) MB raw), "
              + "best of \(bench.repeats), cores here: \(ProcessInfo.processInfo.activeProcessorCount)")
        let pillow = bench.pillow()
        if let pillow {
            print(String(format: "pillow default save: %.1f ms, %.1f MB/s, %d bytes", pillow.seconds * 1e3, mb / pillow.seconds, pillow.bytes))
        } else {
            print("pillow: not run (python3 with Pillow is needed)")
        }
        print("preset     workers  filter      ms     MB/s       bytes   ratio  vs pillow: speed  size   1→2 scaling")
        for preset in PNGCompression.allCases {
            let counts = preset == .best ? [1] : [1, 2]
            let results = try bench.measure(counts.map { workers in
                { path throws(OutputError) in
                    try PNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                                  compression: preset, workers: workers)
                }
            })
            for (i, result) in results.enumerated() {
                line(preset.rawValue, counts[i], preset == .best ? "libpng" : preset.filter(channels: bench.channels).rawValue, result, mb, pillow,
                     scaling: i == 1 ? results[0].seconds / result.seconds : nil)
            }
        }
        print("filter study (2 workers):")
        for level in 1...3 {
            let results = try bench.measure(PNGRowFilter.allCases.map { filter in
                { path throws(OutputError) in
                    try ParallelPNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                                          level: level, filter: filter, workers: 2)
                }
            })
            for (filter, result) in zip(PNGRowFilter.allCases, results) {
                line("igzip \(level)", 2, filter.rawValue, result, mb, pillow, scaling: nil)
            }
        }
    }

    static func line(_ name: String, _ workers: Int, _ filter: String, _ result: (seconds: Double, bytes: Int), _ mb: Double,
                     _ pillow: (seconds: Double, bytes: Int)?, scaling: Double?) {
        var text = name.padding(toLength: 11, withPad: " ", startingAt: 0) + String(workers).leftPad(7)
            + filter.leftPad(8) + String(format: "%8.1f%9.1f%12d%8.3f", result.seconds * 1e3, mb / result.seconds,
                                         result.bytes, Double(result.bytes) / (mb * 1e6))
        if let pillow {
            text += String(format: "%17.1fx%6.3f", pillow.seconds / result.seconds, Double(result.bytes) / Double(pillow.bytes))
        }
        if let scaling { text += String(format: "%10.2fx", scaling) }
        print(text)
    }
}
