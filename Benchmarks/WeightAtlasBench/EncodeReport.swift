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
            var one: Double?
            for workers in [1, 2] where preset != .best || workers == 1 {
                let result = try bench.measure { path throws(OutputError) in
                    try PNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                                  compression: preset, workers: workers)
                }
                if workers == 1 { one = result.seconds }
                line(preset.rawValue, workers, preset == .best ? "libpng" : preset.filter.rawValue, result, mb, pillow,
                     scaling: workers == 2 ? one.map { $0 / result.seconds } : nil)
            }
        }
        print("filter study (2 workers):")
        for level in 1...3 {
            for filter in PNGRowFilter.allCases {
                let result = try bench.measure { path throws(OutputError) in
                    try ParallelPNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                                          level: level, filter: filter, workers: 2)
                }
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
