import Foundation

/// The terminal table and the JSON of a bench run.
enum Report {
    static let stages = ["upload", "reduce", "rescale", "tile", "rescale+tile", "download", "reduce+rescale+tile",
                         "reduce (wall)", "rescale+tile (wall)", "compute (wall)", "png encode (wall)", "end to end (wall)"]

    static func print(_ results: [BackendResult], scenario: Scenario) {
        let header = "stage".padding(toLength: 22, withPad: " ", startingAt: 0)
            + results.map { "\($0.name) ms".leftPad(12) + "GB/s".leftPad(8) }.joined()
            + (results.count == 2 ? "cpu/opencl".leftPad(12) : "")
        Swift.print(header)
        for stage in stages {
            let values = results.map { $0.medians[stage] }
            guard values.contains(where: { $0 != nil }) else { continue }
            var line = stage.padding(toLength: 22, withPad: " ", startingAt: 0)
            for value in values {
                line += (value.map { String(format: "%.2f", $0 * 1e3) } ?? "-").leftPad(12)
                line += (value.map { String(format: "%.2f", Double(scenario.bytes) / $0 / 1e9) } ?? "-").leftPad(8)
            }
            if values.count == 2, let cpu = values[0], let gpu = values[1] { line += String(format: "%.2f", cpu / gpu).leftPad(12) }
            Swift.print(line)
        }
        for result in results { Swift.print("\(result.name): \(result.description)") }
    }

    /// The baselines and WeightAtlas/baseline ratios (time saved: baseline seconds / ours).
    static func print(_ baselines: [Baseline], against results: [BackendResult]) {
        guard let cpu = results.first(where: { $0.name == "cpu" }), let ours = cpu.medians["end to end (wall)"],
              let compute = cpu.medians["compute (wall)"] else { return }
        Swift.print("\nbaseline (numpy + Pillow)     compute ms  encode ms   total ms  PNG MB  speed-up (total, compute)  size ratio")
        for b in baselines {
            Swift.print(b.name.padding(toLength: 28, withPad: " ", startingAt: 0)
                + String(format: "%11.1f%11.1f%11.1f%8.2f%14.1fx%9.1fx%12.2f", b.compute * 1e3, b.encode * 1e3, b.total * 1e3,
                         Double(b.pngBytes) / 1e6, b.total / ours, b.compute / compute, Double(cpu.pngBytes) / Double(b.pngBytes)))
        }
        Swift.print("weightatlas cpu".padding(toLength: 28, withPad: " ", startingAt: 0)
            + String(format: "%11.1f%11.1f%11.1f%8.2f", compute * 1e3, (ours - compute) * 1e3, ours * 1e3, Double(cpu.pngBytes) / 1e6))
    }

    static func json(_ results: [BackendResult], scenario: Scenario) -> String {
        let entries = results.map { result in
            "{\"backend\": \"\(result.name)\", \"device\": \"\(result.description)\", \"median_seconds\": {"
                + result.medians.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}}"
        }
        return "{\"scenario\": {\"filters\": \(scenario.filters), \"shape\": [3, 11, 11], \"bytes\": \(scenario.bytes)}, \"results\": ["
            + entries.joined(separator: ", ") + "]}\n"
    }
}

extension String {
    func leftPad(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
