import Foundation

/// The terminal tables of a bench run.
enum Report {
    static func ms(_ sample: Sample?) -> String {
        guard let sample, !sample.values.isEmpty else { return "-" }
        let digits = sample.median < 0.01 ? 2 : 1
        return sample.values.count > 1 ? String(format: "%.*f±%.*f", digits, sample.median * 1e3, digits, sample.spread * 1e3)
                                       : String(format: "%.*f", digits, sample.median * 1e3)
    }

    /// Host↔device transfer: the backend's upload + download, medians.
    static func transfer(_ run: BackendRun) -> Sample? {
        let parts = ["backend upload", "backend download"].compactMap { run.stages[$0] }
        guard !parts.isEmpty else { return nil }
        let n = parts.map(\.values.count).min()!
        return Sample((0..<n).map { i in parts.reduce(0) { $0 + $1.values[i] } })
    }

    static func printScenarios(_ results: [ScenarioResult]) {
        print("\nms: median±spread (max−min). e2e = `weightatlas render` as a child process; MB/s = stored tensor bytes / e2e")
        print("scen backend   read/conv       reduce   rescale+tile   fused r+r+t   transfer     encode   render(in-proc)"
              + "          e2e     MB/s  peakRSS MiB   PNG bytes")
        for result in results {
            for run in result.runs {
                let stages = run.stages
                var line = result.scenario.id.padding(toLength: 5, withPad: " ", startingAt: 0)
                    + run.name.padding(toLength: 7, withPad: " ", startingAt: 0)
                for (text, width) in [(ms(stages["read/convert"]), 12), (ms(stages["reduce"]), 13), (ms(stages["rescale+tile"]), 15),
                                      (ms(stages["reduce+rescale+tile"]), 14), (ms(transfer(run)), 11), (ms(stages["png encode"]), 11),
                                      (ms(stages["render (in process)"]), 18), (ms(run.process), 13)] {
                    line += text.leftPad(width)
                }
                line += String(format: "%9.0f%13.0f%12d", Double(result.scenario.storedBytes) / run.process.median / 1e6,
                               run.peakRSS.median / 1048576, run.pngBytes)
                print(line)
            }
            if let cpu = result.run("cpu"), let gpu = result.run("opencl") {
                print("     cpu/opencl e2e time: " + String(format: "%.2f", cpu.process.median / gpu.process.median)
                      + "  (OpenCL here: \(gpu.device))")
            }
        }
    }

    static func printBaselines(_ results: [ScenarioResult]) {
        let withBaselines = results.filter { !$0.baselines.isEmpty }
        guard !withBaselines.isEmpty else { return }
        print("\nbaselines (numpy + Pillow, same input file)   read ms  compute ms  encode ms    total ms   PNG bytes"
              + "   baseline/weightatlas e2e: cpu  opencl")
        for result in withBaselines {
            for baseline in result.baselines {
                var line = "\(result.scenario.id) \(baseline.name)".padding(toLength: 44, withPad: " ", startingAt: 0)
                line += ms(baseline.stages["read"]).leftPad(10) + ms(baseline.stages["compute"]).leftPad(12)
                    + ms(baseline.stages["encode"]).leftPad(11) + ms(baseline.total).leftPad(12) + String(baseline.pngBytes).leftPad(12)
                for name in ["cpu", "opencl"] {
                    let text = result.run(name).map { String(format: "%.1fx", baseline.total.median / $0.process.median) } ?? "-"
                    line += text.leftPad(name == "cpu" ? 33 : 8)
                }
                print(line)
            }
        }
    }

    static func printEncoder(_ encoder: EncoderResult) {
        print("\nencoder, default preset, \(encoder.width)x\(encoder.height)x\(encoder.channels), \(encoder.bytes) bytes:")
        print("  unpinned: 1 worker \(ms(encoder.one)) ms, 2 workers \(ms(encoder.two)) ms, speed-up "
              + String(format: "%.2fx", encoder.workerSpeedUp))
        if let pinned = encoder.pinned {
            print("  pinned:   1 core \(ms(pinned.one)) ms, 2 cores \(ms(pinned.two)) ms, speed-up "
                  + String(format: "%.2fx (best runs %.2fx)", encoder.speedUp, pinned.one.values.min()! / pinned.two.values.min()!))
        }
        if let pillow = encoder.pillow {
            print(String(format: "pillow default save of the same pixels: %.1f ms, %d bytes (ours/pillow size %.3f, speed %.1fx)",
                         pillow.seconds * 1e3, pillow.bytes, Double(encoder.bytes) / Double(pillow.bytes),
                         pillow.seconds / encoder.two.median))
        }
    }

    static func printSweep(_ sweep: [ScenarioResult]) {
        guard !sweep.isEmpty else { return }
        print("\nsweep: end to end ms (median) against filters")
        print("filters       cpu    opencl    cs231n  vectorised")
        for result in sweep {
            let cells = [result.run("cpu")?.process, result.run("opencl")?.process,
                         result.baselines.first { $0.name == "cs231n" }?.total,
                         result.baselines.first { $0.name == "vectorised" }?.total]
            print(String(result.scenario.elements / 363).leftPad(7)
                  + cells.map { $0.map { String(format: "%.1f", $0.median * 1e3) } ?? "-" }.map { $0.leftPad(10) }.joined())
        }
    }

    static func printTargets(_ targets: [Target]) {
        print("\ntargets")
        for target in targets {
            print("  [\(target.met ? "met" : "MISSED")] \(target.name): \(target.text)")
        }
    }
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
