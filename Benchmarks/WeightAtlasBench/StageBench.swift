import Foundation
import WeightAtlas

/// The stages of one scenario on one backend, in process:
///
/// - `read/convert`: the tensor's values as Float32 (zero-copy for aligned f32; f16
///   conversion on the host; Q4_K dequantised by the backend's dequantiser where it has one);
/// - tile mosaics: `reduce`, `rescale+tile`, and the one pass `reduce+rescale+tile` the CPU
///   backend fuses, each timed alone over the whole tensor;
/// - `render`: `AtlasRun.render`, what `weightatlas render` runs (bands, encode overlapped),
///   with the backend's own stage timings (OpenCL: upload, dequantize, reduce, rescale, tile,
///   download) recorded during it as `render STAGE` (and during the stages above as
///   `backend STAGE`), and the bytes the backend copied between host and device during it;
/// - `png encode`: the rendered image encoded again alone with the same preset.
struct StageBench {
    let scenario: BenchScenario
    let input: String
    let work: String

    func measure(backend: any RenderBackend, repeats: Int) throws -> (samples: [String: Sample], hostDeviceBytes: Int) {
        var samples: [String: Sample] = [:], hostDeviceBytes = 0
        for _ in 0..<repeats {
            let file = try WeightFiles.open(input)
            let info = file.tensors[0]
            let plan = LayoutPlanner(options: scenario.options).plan(info)
            let source = ValueSource(bytes: try file.bytes(of: info), info: info, view: plan.values,
                                     dequantizer: backend as? any BlockDequantizer)
            var scratch: [Float] = []
            _ = backend.takeTimings()
            let readStart = DispatchTime.now().uptimeNanoseconds
            try source.withValues(0..<source.count, scratch: &scratch) { values throws(BackendError) in
                samples["read/convert", default: Sample()].add(Double(DispatchTime.now().uptimeNanoseconds - readStart) / 1e9)
                // Each split stage three times per repeat: they take milliseconds, and the
                // machine is shared, so more samples make a steadier median.
                for _ in 0..<3 where plan.grid != nil && plan.kind != .heatmap {
                    let grid = plan.grid!
                    do { try split(values, grid: grid, plan: plan, backend: backend, into: &samples) } catch let error as BackendError {
                        throw error
                    } catch { throw BackendError(backend: "bench", message: "\(error)") }
                }
            }
            for (stage, value) in backend.takeTimings().seconds { samples["backend " + stage.rawValue, default: Sample()].add(value) }
            let output = work + "/stages-\(getpid())"
            try? FileManager.default.removeItem(atPath: output)
            var run = AtlasRun(options: scenario.options, backend: backend)
            let (reports, seconds) = try timed { try run.render(file, model: "bench", to: output) }
            samples["render (in process)", default: Sample()].add(seconds)
            let timings = backend.takeTimings()
            for (stage, value) in timings.seconds { samples["render " + stage.rawValue, default: Sample()].add(value) }
            hostDeviceBytes = timings.transferredBytes
            if let image = reports.first?.image, image.hasSuffix(".png") {
                samples["png encode", default: Sample()].add(try encode(output + "/" + image))
            }
            try? FileManager.default.removeItem(atPath: output)
        }
        return (samples, hostDeviceBytes)
    }

    /// Reduce, rescale+tile and (where the backend fuses them) the one pass, each alone.
    private func split(_ values: UnsafeBufferPointer<Float>, grid: TileGrid, plan: LayoutPlan, backend: any RenderBackend,
                       into samples: inout [String: Sample]) throws {
        let channels = grid.channels == 3 ? 3 : 1
        var pixels = [UInt8](repeating: 0, count: grid.width * grid.height * channels)
        let reduceStart = DispatchTime.now().uptimeNanoseconds
        let stats = try backend.reduce(values, segmentLength: plan.groupLength, phase: 0)
        samples["reduce", default: Sample()].add(Double(DispatchTime.now().uptimeNanoseconds - reduceStart) / 1e9)
        let job = BandJob(grid: grid, rows: 0..<grid.height, groupLength: plan.groupLength,
                          params: stats.map { GroupParams(lo: $0.min, hi: $0.max) }, pixelChannels: channels,
                          palette: Palette(colormap: .gray, pad: 0))
        let renderStart = DispatchTime.now().uptimeNanoseconds
        try pixels.withUnsafeMutableBytes { out in try backend.render(job, values: values, into: out) }
        samples["rescale+tile", default: Sample()].add(Double(DispatchTime.now().uptimeNanoseconds - renderStart) / 1e9)
        if let fused = backend as? any FusedRenderBackend {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try pixels.withUnsafeMutableBytes { out in
                try fused.renderMeasuring(job, values: values, normalization: .minmax, segmentLength: plan.groupLength, into: out)
            }
            samples["reduce+rescale+tile", default: Sample()].add(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
    }

    /// Seconds to encode the pixels of the PNG at `path` again with the default preset.
    private func encode(_ path: String) throws -> Double {
        let image = try PNGImage(path: path)
        let target = work + "/encode-\(getpid()).png"
        defer { unlink(target) }
        return try timed {
            let writer = try PNGWriter(path: target, width: image.width, height: image.height, channels: image.channels,
                                       compression: .default)
            try image.pixels.withUnsafeBytes { try writer.write(rows: $0) }
            try writer.finish()
        }.1
    }
}
