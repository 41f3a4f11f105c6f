// weightatlas-bench: CPU vs OpenCL on 65,536 filters of 3×11×11 f32 (the foundation scenario).
// Prints per-stage time, GB/s of f32 input, and the CPU/OpenCL ratio, all from one run.
// Usage: weightatlas-bench [--filters N] [--repeat R] [--backend cpu|opencl|both] [--no-baseline] [--json FILE]
//        weightatlas-bench --encode [IMAGE.png …]   PNG presets at 1 and 2 workers vs Pillow's save
//        weightatlas-bench --gigapixel             a 822-Mpx mosaic: time and peak RSS
import Foundation
import WeightAtlas

let arguments = BenchArguments(CommandLine.arguments.dropFirst())
if arguments.gigapixel {
    try Gigapixel.run()
    exit(0)
}
let scenario = Scenario(filters: arguments.filters)
if let images = arguments.encode {
    try EncodeReport.run(try EncodeBench.scenario(scenario, repeats: arguments.repeats), label: "scenario mosaic")
    for image in images { try EncodeReport.run(try EncodeBench.image(image, repeats: arguments.repeats), label: image) }
    exit(0)
}
var results: [BackendResult] = []
print("scenario: \(scenario.filters) filters 3x11x11 f32 (\(String(format: "%.1f", Double(scenario.bytes) / 1e6)) MB), "
      + "mosaic \(scenario.grid.width)x\(scenario.grid.height) RGB, \(arguments.repeats) repeats, median reported")
for (name, backend) in Backends.available(arguments.backends) {
    results.append(try scenario.measure(name: name, backend: backend, repeats: arguments.repeats))
}
Report.print(results, scenario: scenario)
let baselines = arguments.baseline ? Baseline.run(filters: scenario.filters) : []
Report.print(baselines, against: results)
if let path = arguments.json { try Report.json(results, scenario: scenario).write(toFile: path, atomically: true, encoding: .utf8) }
