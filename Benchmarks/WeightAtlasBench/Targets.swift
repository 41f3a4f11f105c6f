import Foundation

/// One target of issues 7 and 16, judged from a run's numbers.
struct Target {
    let name: String
    let value: Double
    let limit: Double
    /// True when `value ≥ limit` is the goal (false: `value ≤ limit`).
    let atLeast: Bool
    let unit: String
    let detail: String

    var met: Bool { atLeast ? value >= limit : value <= limit }
    var text: String { String(format: "%.2f%@ (target %@ %.2f%@); %@", value, unit, atLeast ? "≥" : "≤", limit, unit, detail) }

    var json: [String: Any] {
        ["name": name, "value": value, "target": limit, "at_least": atLeast, "unit": unit, "met": met, "detail": detail]
    }

    /// The targets the run's numbers allow judging.
    static func judge(_ results: [ScenarioResult], encoder: EncoderResult?) -> [Target] {
        var targets: [Target] = []
        if let b = results.first(where: { $0.scenario.id == "b" }), let cpu = b.run("cpu"), !cpu.process.values.isEmpty {
            for (name, limit) in [("cs231n", 30.0), ("vectorised", 15.0), ("pyvips", 10.0)] {  // issue 16's goals
                guard let baseline = b.baselines.first(where: { $0.name == name }) else { continue }
                targets.append(Target(name: "(b) end to end vs \(name) baseline", value: baseline.total.median / cpu.process.median,
                                      limit: limit, atLeast: true, unit: "x",
                                      detail: String(format: "baseline %.0f ms (read+compute+PNG save), weightatlas render (cpu, whole process) %.0f ms",
                                                     baseline.total.median * 1e3, cpu.process.median * 1e3)))
            }
            if let pillow = encoder?.pillow {
                targets.append(Target(name: "(b) PNG size vs Pillow's save of the same pixels", value: Double(cpu.pngBytes) / Double(pillow.bytes),
                                      limit: 1.15, atLeast: false, unit: "x", detail: "\(cpu.pngBytes) vs \(pillow.bytes) bytes"))
            }
            if let fused = cpu.stages["reduce+rescale+tile"] {
                let bytes = Double(b.scenario.elements * 4)
                targets.append(Target(name: "CPU compute (reduce + rescale + tile, one pass) on (b)", value: bytes / fused.median / 1e9,
                                      limit: 8, atLeast: true, unit: " GB/s",
                                      detail: String(format: "%.1f MB of f32 in %.2f ms (median); split passes: reduce %.2f ms + rescale+tile %.2f ms",
                                                     bytes / 1e6, fused.median * 1e3, (cpu.stages["reduce"]?.median ?? .nan) * 1e3,
                                                     (cpu.stages["rescale+tile"]?.median ?? .nan) * 1e3)))
            }
        }
        if let d = results.first(where: { $0.scenario.id == "d32" }), let cpu = d.run("cpu"), !cpu.process.values.isEmpty,
           let baseline = d.baselines.first(where: { $0.name == "numpy-pillow" }) {   // issue 16's heatmap goal
            targets.append(Target(name: "(d32) end to end vs numpy + Pillow heatmap", value: baseline.total.median / cpu.process.median,
                                  limit: 5, atLeast: true, unit: "x",
                                  detail: String(format: "baseline %.0f ms (read+block means+robust bounds+colormap+PNG save), weightatlas render (cpu, whole process) %.0f ms",
                                                 baseline.total.median * 1e3, cpu.process.median * 1e3)))
        }
        if let encoder {
            let (one, two) = encoder.pinned ?? (encoder.one, encoder.two)
            let what = encoder.pinned == nil ? "2 workers over 1 (cannot pin cores here)" : "2 cores over 1"
            targets.append(Target(name: "encoder speed-up, \(what) (default preset, (b) mosaic)", value: encoder.speedUp,
                                  limit: 1.8, atLeast: true, unit: "x",
                                  detail: String(format: "medians %.1f ms → %.1f ms; best runs %.2fx", one.median * 1e3,
                                                 two.median * 1e3, one.values.min()! / two.values.min()!)))
        }
        if let f = results.first(where: { $0.scenario.id == "f" }), let cpu = f.run("cpu"), !cpu.peakRSS.values.isEmpty {
            let peak = cpu.peakRSS.values.max()!
            targets.append(Target(name: "(f) peak RSS beyond the mapped input (cpu)", value: (peak - Double(f.inputBytes)) / 1048576,
                                  limit: 256, atLeast: false, unit: " MiB",
                                  detail: String(format: "peak %.0f MiB (largest of the runs), input %.0f MiB mapped",
                                                 peak / 1048576, Double(f.inputBytes) / 1048576)))
        }
        for result in results where ["b", "c", "d32", "f"].contains(result.scenario.id) {
            guard let cpu = result.run("cpu"), let gpu = result.run("opencl"), !cpu.process.values.isEmpty,
                  !gpu.process.values.isEmpty else { continue }
            targets.append(Target(name: "(\(result.scenario.id)) OpenCL end to end over the CPU's", value: gpu.process.median / cpu.process.median,
                                  limit: 2, atLeast: false, unit: "x",
                                  detail: String(format: "opencl %.0f ms, cpu %.0f ms (whole process, medians)",
                                                 gpu.process.median * 1e3, cpu.process.median * 1e3)))
            if let moved = gpu.hostDeviceBytes, gpu.outputPixelBytes + result.inputBytes > 0 {
                let floor = result.inputBytes + gpu.outputPixelBytes
                targets.append(Target(name: "(\(result.scenario.id)) OpenCL host-device bytes over input file + output pixels",
                                      value: Double(moved) / Double(floor), limit: 1.1, atLeast: false, unit: "x",
                                      detail: "\(moved) bytes copied in one render; input \(result.inputBytes) + pixels \(gpu.outputPixelBytes)"))
            }
        }
        return targets
    }
}
