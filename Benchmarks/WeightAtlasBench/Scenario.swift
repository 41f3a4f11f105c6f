import Foundation
import WeightAtlas

/// Seeded random filters, laid out as `render` lays out a conv layer O×3×11×11.
struct Scenario {
    let filters: Int
    let values: [Float]
    let grid: TileGrid

    init(filters: Int) {
        self.filters = filters
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        values = (0..<(filters * 363)).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int32(truncatingIfNeeded: state >> 32)) / Float(Int32.max) * 0.2
        }
        var options = RenderOptions()
        options.scale = 1
        let info = TensorInfo(name: "conv1.weight", dtype: .f32, shape: [filters, 3, 11, 11], byteRange: 0..<(filters * 363 * 4))
        grid = LayoutPlanner(options: options).plan(info).grid!
    }

    var bytes: Int { values.count * 4 }

    /// Runs every stage `repeats` times on `backend` and keeps the medians.
    func measure(name: String, backend: any RenderBackend, repeats: Int) throws -> BackendResult {
        var samples: [String: [Double]] = [:]
        var pngBytes = 0
        let rowBytes = grid.width * 3
        var pixels = [UInt8](repeating: 0, count: grid.height * rowBytes)
        for _ in 0..<repeats {
            _ = backend.takeTimings()
            let (stats, reduceWall) = try time { try values.withUnsafeBufferPointer { try backend.reduce($0, segmentLength: 363, phase: 0) } }
            let params = stats.map { GroupParams(lo: $0.min, hi: $0.max) }
            let job = BandJob(grid: grid, rows: 0..<grid.height, groupLength: 363, params: params, pixelChannels: 3,
                              palette: Palette(colormap: .gray, pad: 0))
            let (_, renderWall) = try time {
                try values.withUnsafeBufferPointer { v in
                    try pixels.withUnsafeMutableBytes { try backend.render(job, values: v, into: $0) }
                }
            }
            // What `render` runs: one pass where the backend can fuse, else reduce then render.
            var compute = reduceWall + renderWall
            if let fused = backend as? any FusedRenderBackend {
                (_, compute) = try time {
                    try values.withUnsafeBufferPointer { v in
                        try pixels.withUnsafeMutableBytes { try fused.renderMeasuring(job, values: v, normalization: .minmax, segmentLength: 363, into: $0) }
                    }
                }
            }
            let path = NSTemporaryDirectory() + "weightatlas-bench-\(getpid()).png"
            let (_, encodeWall) = try time {
                let writer = try PNGWriter(path: path, width: grid.width, height: grid.height, channels: 3, compression: .default)
                try pixels.withUnsafeBytes { try writer.write(rows: $0) }
                try writer.finish()
            }
            pngBytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            unlink(path)
            for (stage, seconds) in backend.takeTimings().seconds { samples[stage, default: []].append(seconds) }
            samples["reduce (wall)", default: []].append(reduceWall)
            samples["rescale+tile (wall)", default: []].append(renderWall)
            samples["compute (wall)", default: []].append(compute)
            samples["png encode (wall)", default: []].append(encodeWall)
            samples["end to end (wall)", default: []].append(compute + encodeWall)
        }
        return BackendResult(name: name, description: backend.description, medians: samples.mapValues(Self.median),
                             spreads: samples.mapValues { ($0.max()! - $0.min()!) }, pngBytes: pngBytes)
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    func time<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
}

struct BackendResult {
    let name: String
    let description: String
    let medians: [String: Double]
    let spreads: [String: Double]
    let pngBytes: Int
}
