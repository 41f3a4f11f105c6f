import Foundation
import WeightAtlas

/// One backend's numbers on one scenario.
struct BackendRun {
    let name: String
    let device: String
    /// In-process stages (StageBench); empty for scenarios that only run the process.
    var stages: [String: Sample] = [:]
    /// `weightatlas render` as a child: seconds and peak RSS bytes.
    var process = Sample()
    var peakRSS = Sample()
    var pngBytes = 0
    /// Width × height × channels of every image the process wrote.
    var outputPixelBytes = 0
    /// Bytes copied between host and device during one in-process render (nil: not measured).
    var hostDeviceBytes: Int?
    var failures = 0
}

/// All numbers of one scenario.
struct ScenarioResult {
    let scenario: BenchScenario
    let inputBytes: Int
    var runs: [BackendRun] = []
    var baselines: [Baseline] = []

    func run(_ name: String) -> BackendRun? { runs.first { $0.name == name } }
}

/// The encoder on the (b) mosaic: the default preset at 1 and 2 workers, and Pillow.
struct EncoderResult {
    let width: Int, height: Int, channels: Int
    /// 1 and 2 workers, the process free to use every core.
    let one: Sample, two: Sample
    /// 1 worker in a process pinned to 1 core, 2 workers pinned to 2 cores (nil: cannot pin).
    let pinned: (one: Sample, two: Sample)?
    let bytes: Int
    let pillow: (seconds: Double, bytes: Int)?
    /// 1 core → 2 cores when pinned, else 1 worker → 2 workers.
    var speedUp: Double { pinned.map { $0.one.median / $0.two.median } ?? workerSpeedUp }
    var workerSpeedUp: Double { one.median / two.median }
}

/// Runs the selected scenarios, the sweep and the encoder study.
struct Suite {
    let arguments: BenchArguments
    let backends: [(String, any RenderBackend)]

    func run(_ scenario: BenchScenario, quietly: Bool = false) throws -> ScenarioResult {
        let input = try scenario.inputPath(in: arguments.work)
        let size = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
        var result = ScenarioResult(scenario: scenario, inputBytes: size)
        if !quietly { print("[\(scenario.id)] \(scenario.title) — load \(Machine.load)") }
        _ = FileManager.default.contents(atPath: input)   // warm the page cache
        for (name, backend) in backends {
            var run = BackendRun(name: name, device: backend.description)
            if scenario.measuresStages && !quietly {
                (run.stages, run.hostDeviceBytes) = try StageBench(scenario: scenario, input: input, work: arguments.work)
                    .measure(backend: backend, repeats: arguments.repeats)
            }
            let repeats = scenario.id == "f" ? min(arguments.repeats, 3) : arguments.repeats
            for _ in 0..<repeats {
                let child = ProcessBench.render(input, backend: name, arguments: scenario.renderArguments, work: arguments.work)
                guard child.status == 0 else { run.failures += 1; continue }
                run.process.add(child.seconds)
                run.peakRSS.add(Double(child.peakBytes))
                run.pngBytes = child.pngBytes
                run.outputPixelBytes = child.pixelBytes
            }
            if run.failures > 0 { print("  \(name): \(run.failures) render(s) failed") }
            result.runs.append(run)
        }
        if scenario.hasBaseline && arguments.baseline, case .safetensors(_, false) = scenario.input {
            let plan = LayoutPlanner(options: scenario.options).plan(try WeightFiles.open(input).tensors[0])
            if let heatmap = plan.heatmap {
                result.baselines = Baseline.runHeatmap(input: input, blockRows: heatmap.blockRows, blockCols: heatmap.blockCols,
                                                       repeats: arguments.repeats)
            } else {
                result.baselines = Baseline.run(input: input, scale: plan.grid?.scale ?? 1, repeats: arguments.repeats)
            }
        }
        return result
    }

    /// The default preset at 1 and 2 workers on the (b) mosaic, interleaved; the same in
    /// processes pinned to 1 and 2 cores; and Pillow's save of the same pixels.
    func encoder() throws -> EncoderResult {
        let scenario = BenchScenario.all.first { $0.id == "b" }!
        let input = try scenario.inputPath(in: arguments.work)
        let folder = arguments.work + "/encoder-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var run = AtlasRun(options: scenario.options, backend: CPUBackend())
        let report = try run.render(try WeightFiles.open(input), model: "bench", to: folder)
        let bench = try EncodeBench.image(folder + "/" + report[0].image!, repeats: max(7, arguments.repeats))
        print("[encoder] \(bench.width)x\(bench.height)x\(bench.channels), default preset at 1 and 2 workers, "
              + "\(bench.repeats) interleaved runs — load \(Machine.load)")
        let results = try bench.samples([1, 2].map { workers in
            { path throws(OutputError) in
                try PNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                              compression: .default, workers: workers)
            }
        })
        let pinned = Machine.cores >= 2 ? PinnedEncode.samples(image: folder + "/" + report[0].image!, coreCounts: [1, 2],
                                                               repeats: max(15, bench.repeats)) : nil
        return EncoderResult(width: bench.width, height: bench.height, channels: bench.channels, one: results[0].seconds,
                             two: results[1].seconds, pinned: pinned.map { ($0[0], $0[1]) }, bytes: results[1].bytes,
                             pillow: bench.pillow())
    }

    /// End to end (process) on both backends and both baselines for each sweep count.
    func sweep() throws -> [ScenarioResult] {
        try BenchScenario.sweepCounts.map { count in
            print("[sweep] \(count) filters — load \(Machine.load)")
            return try run(BenchScenario.filters("sweep-\(count)", count: count), quietly: true)
        }
    }
}
