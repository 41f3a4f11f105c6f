// weightatlas-bench: the scenarios of issue 7 on the CPU and OpenCL backends against the
// numpy + Pillow baselines, in one run. Per scenario: per-stage times in process, then
// `weightatlas render` as a child process (end to end, peak RSS); medians and spreads.
//
// Usage: weightatlas-bench [--scenario a,b,c,d,e,f] [--backend cpu|opencl|both] [--repeat N]
//                          [--json FILE] [--sweep] [--no-baseline] [--no-encoder] [--work DIR]
//        weightatlas-bench --encode IMAGE.png …   every PNG preset at 1 and 2 workers vs Pillow
//
// Scenarios: a 96 filters 3x11x11 · b 65,536 filters 3x11x11 · c 512x512x3x3 filter bank ·
// d 4096x11008 f32 and f16 heatmaps (d32, d16) · e Q4_K GGUF 11008x4096 · f 822-Mpx mosaic.
import Foundation
import WeightAtlas

// A pinned encoder child (PinnedEncode) pins itself before anything starts a thread.
if CommandLine.arguments.dropFirst().first == PinnedEncode.flag {
    PinnedEncode.child(Array(CommandLine.arguments.dropFirst(2)))
}
let arguments = BenchArguments(CommandLine.arguments.dropFirst())
try FileManager.default.createDirectory(atPath: arguments.work, withIntermediateDirectories: true)
if let images = arguments.encode {
    for image in images { try EncodeReport.run(try EncodeBench.image(image, repeats: arguments.repeats), label: image) }
    exit(0)
}
let backends = Backends.available(arguments.backends)
let loadBefore = Machine.load
let openCLDevice = backends.lazy.compactMap { ($0.1 as? OpenCLBackend)?.device }.first
let device: [String: Any] = [
    "cpu": Machine.cpuModel, "cores": Machine.cores,
    "backends": Dictionary(uniqueKeysWithValues: backends.map { ($0.0, $0.1.description) }),
    "gpu": openCLDevice.map { $0.isGPUOrAccelerator ? $0.description : "none: OpenCL ran on \($0.description), not a GPU" }
        ?? "none: no OpenCL backend in this run",
]
print("weightatlas-bench on \(Machine.cpuModel), \(Machine.cores) cores; load \(loadBefore); \(arguments.repeats) repeats, median±spread")
for (name, backend) in backends { print("  \(name): \(backend.description)") }
if let missing = Baseline.missing { print("baselines: not run (\(missing))") }

let suite = Suite(arguments: arguments, backends: backends)
var results: [ScenarioResult] = []
for scenario in BenchScenario.selected(arguments.scenarios) { results.append(try suite.run(scenario)) }
let wantsEncoder = arguments.encoder && (arguments.scenarios == nil || arguments.scenarios!.contains("b"))
let encoder = wantsEncoder ? try suite.encoder() : nil
let sweep = arguments.sweep ? try suite.sweep() : []
let targets = Target.judge(results, encoder: encoder)
let loadAfter = Machine.load

Report.printScenarios(results)
Report.printBaselines(results)
if let encoder { Report.printEncoder(encoder) }
Report.printSweep(sweep)
Report.printTargets(targets)
print("\nload before \(loadBefore), after \(loadAfter)")
if let path = arguments.json {
    try ResultsJSON.write(ResultsJSON.document(arguments: arguments, device: device, load: ["before": loadBefore, "after": loadAfter],
                                               results: results, encoder: encoder, sweep: sweep, targets: targets), to: path)
    print("wrote \(path)")
}
