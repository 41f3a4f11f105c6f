import Foundation

/// The JSON of a bench run (`--json FILE`): the machine, the load, every scenario's samples,
/// baselines, ratios, the encoder study, the sweep and the targets. README's benchmark
/// section and docs/images/bench-filters.png are generated from it
/// (Benchmarks/make_readme_section.py).
enum ResultsJSON {
    static func document(arguments: BenchArguments, device: [String: Any], load: [String: String],
                         results: [ScenarioResult], encoder: EncoderResult?, sweep: [ScenarioResult], targets: [Target]) -> [String: Any] {
        var document: [String: Any] = [
            "date": ISO8601DateFormatter().string(from: Date()),
            "machine": device,
            "load": load,
            "repeat": arguments.repeats,
            "baselines_available": Baseline.missing == nil,
            "scenarios": results.map(scenario),
            "sweep": sweep.map(scenario),
            "targets": targets.map(\.json),
        ]
        if let missing = Baseline.missing { document["baselines_missing"] = missing }
        if let encoder {
            var entry: [String: Any] = ["width": encoder.width, "height": encoder.height, "channels": encoder.channels,
                                        "one_worker_seconds": encoder.one.json, "two_workers_seconds": encoder.two.json,
                                        "png_bytes": encoder.bytes, "speed_up": encoder.speedUp,
                                        "worker_speed_up": encoder.workerSpeedUp]
            if let pinned = encoder.pinned {
                entry["one_core_seconds"] = pinned.one.json
                entry["two_cores_seconds"] = pinned.two.json
            }
            if let pillow = encoder.pillow { entry["pillow"] = ["seconds": pillow.seconds, "png_bytes": pillow.bytes] }
            document["encoder"] = entry
        }
        return document
    }

    static func scenario(_ result: ScenarioResult) -> [String: Any] {
        var entry: [String: Any] = [
            "id": result.scenario.id, "title": result.scenario.title, "elements": result.scenario.elements,
            "stored_bytes": result.scenario.storedBytes, "input_file_bytes": result.inputBytes,
            "render_arguments": result.scenario.renderArguments,
            "output_pixel_bytes": result.runs.first?.outputPixelBytes ?? 0,
        ]
        entry["backends"] = Dictionary(uniqueKeysWithValues: result.runs.map { run in
            (run.name, [
                "device": run.device,
                "stages_seconds": run.stages.mapValues(\.json),
                "end_to_end_seconds": run.process.json,
                "bytes_per_second": Double(result.scenario.storedBytes) / run.process.median,
                "peak_rss_bytes": run.peakRSS.json,
                "png_bytes": run.pngBytes,
                "host_device_bytes": run.hostDeviceBytes.map { $0 as Any } ?? NSNull(),
                "failures": run.failures,
            ] as [String: Any])
        })
        entry["baselines"] = Dictionary(uniqueKeysWithValues: result.baselines.map { baseline in
            (baseline.name, ["stages_seconds": baseline.stages.mapValues(\.json), "png_bytes": baseline.pngBytes] as [String: Any])
        })
        var ratios: [String: Double] = [:]
        if let cpu = result.run("cpu"), let gpu = result.run("opencl") { ratios["cpu_over_opencl_time"] = cpu.process.median / gpu.process.median }
        for baseline in result.baselines {
            for run in result.runs { ratios["\(baseline.name)_over_\(run.name)_time"] = baseline.total.median / run.process.median }
        }
        for run in result.runs {
            guard let moved = run.hostDeviceBytes, run.outputPixelBytes + result.inputBytes > 0 else { continue }
            ratios["host_device_bytes_over_input_plus_output_\(run.name)"] = Double(moved) / Double(result.inputBytes + run.outputPixelBytes)
        }
        entry["ratios"] = ratios
        return entry
    }

    static func write(_ document: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
        try (data + Data("\n".utf8)).write(to: URL(fileURLWithPath: path))
    }
}
