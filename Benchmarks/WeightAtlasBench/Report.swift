import Foundation

/// The terminal table and the JSON of a bench run.
enum Report {
    static let stages = ["upload", "reduce", "rescale", "tile", "rescale+tile", "download", "reduce+rescale+tile",
                         "reduce (wall)", "rescale+tile (wall)", "compute (wall)", "png encode (wall)"]

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
