import Foundation

/// The numpy + Pillow baselines of Benchmarks/baseline/visualize_grid.py, run in the same
/// bench run so the ratios compare like with like.
struct Baseline {
    let name: String
    let compute: Double
    let encode: Double
    let pngBytes: Int

    var total: Double { compute + encode }

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("baseline/visualize_grid.py").path

    /// Runs the script for `filters` filters; empty (with the reason printed) when Python,
    /// numpy or Pillow is missing.
    static func run(filters: Int) -> [Baseline] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--filters", String(filters)]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            print("baseline: not run (\(error))")
            return []
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let baselines = json["baselines"] as? [String: [String: Any]] else {
            print("baseline: not run (python3 with numpy and Pillow is needed: \(problem.split(separator: "\n").last ?? ""))")
            return []
        }
        return baselines.keys.sorted().compactMap { name in
            let entry = baselines[name]!
            guard let compute = entry["compute"] as? Double, let encode = entry["encode"] as? Double,
                  let bytes = entry["png_bytes"] as? Int else { return nil }
            return Baseline(name: name, compute: compute, encode: encode, pngBytes: bytes)
        }
    }
}
