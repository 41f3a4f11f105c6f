import Foundation

/// Repeated measurements of one quantity: median and spread (max − min) are reported.
struct Sample {
    var values: [Double] = []

    init(_ values: [Double] = []) { self.values = values }

    mutating func add(_ value: Double) { values.append(value) }

    var median: Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    var spread: Double { values.isEmpty ? .nan : values.max()! - values.min()! }

    /// `{"median": …, "spread": …, "samples": […]}`.
    var json: [String: Any] { ["median": median, "spread": spread, "samples": values] }
}

/// Wall time of `body` in seconds, with its result.
func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The machine a run ran on.
enum Machine {
    /// `model name` of /proc/cpuinfo.
    static var cpuModel: String {
        let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("model name") }
        return line.map { String($0.split(separator: ":", maxSplits: 1).last ?? "").trimmingCharacters(in: .whitespaces) } ?? "unknown"
    }

    /// The 1-, 5- and 15-minute load averages.
    static var load: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }

    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }
}
