import Foundation

/// The numpy + Pillow baselines of Benchmarks/baseline/ (visualize_grid.py for tile
/// mosaics, heatmap.py for matrices), run in the same bench run on the same input file so
/// the ratios compare like with like.
struct Baseline {
    let name: String
    /// Seconds by stage: read, compute, encode, total (read + compute + encode; the
    /// interpreter's start and imports are not counted).
    let stages: [String: Sample]
    let pngBytes: Int

    var total: Sample { stages["total"] ?? Sample() }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("baseline").path

    /// `$WEIGHTATLAS_PYTHON`, else the package's `.venv` (what `make bench` creates), else python3.
    static var python: String {
        if let chosen = ProcessInfo.processInfo.environment["WEIGHTATLAS_PYTHON"] { return chosen }
        let venv = URL(fileURLWithPath: folder).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".venv/bin/python3").path
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "python3"
    }

    /// Why the baselines cannot run here (nil when python with numpy and Pillow is found).
    static let missing: String? = {
        let (status, _, problem) = runPython(["-c", "import numpy, PIL"])
        return status == 0 ? nil : "python (\(python)) with numpy and Pillow is needed (make bench installs them into .venv): "
            + (problem.split(separator: "\n").last.map(String.init) ?? "not found")
    }()

    /// Runs the grid baselines on `input` (F32 safetensors) at `scale`, `repeats` times each.
    static func run(input: String, scale: Int, repeats: Int) -> [Baseline] {
        script("visualize_grid.py", ["--input", input, "--scale", String(scale), "--repeat", String(repeats)])
    }

    /// Runs the heatmap baselines (heatmap.py) on the F32 matrix `input`, reduced by the
    /// block sizes the render chose, `repeats` times each.
    static func runHeatmap(input: String, blockRows: Int, blockCols: Int, repeats: Int) -> [Baseline] {
        script("heatmap.py", ["--input", input, "--block-rows", String(blockRows), "--block-cols", String(blockCols),
                              "--repeat", String(repeats)])
    }

    /// The baselines a script of `folder` prints for `arguments`.
    private static func script(_ name: String, _ arguments: [String]) -> [Baseline] {
        guard missing == nil else { return [] }
        let (status, data, problem) = runPython([folder + "/" + name] + arguments)
        guard status == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let baselines = json["baselines"] as? [String: [String: Any]] else {
            print("baseline: failed (\(problem.split(separator: "\n").last ?? ""))")
            return []
        }
        return baselines.keys.sorted().compactMap { name in
            guard let samples = baselines[name]?["samples"] as? [String: [Double]],
                  let bytes = baselines[name]?["png_bytes"] as? Int else { return nil }
            return Baseline(name: name, stages: samples.mapValues { Sample($0) }, pngBytes: bytes)
        }
    }

    /// Pillow's default PNG save of raw pixels (pillow_save.py): seconds of the fastest of
    /// `repeats` runs and the PNG size, or nil.
    static func pillowSave(raw: String, width: Int, height: Int, channels: Int, repeats: Int) -> (seconds: Double, bytes: Int)? {
        guard missing == nil else { return nil }
        let (status, data, _) = runPython([folder + "/pillow_save.py", raw, String(width), String(height), String(channels),
                                           "--repeat", String(repeats)])
        guard status == 0, let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let seconds = json["seconds"] as? Double, let bytes = json["png_bytes"] as? Int else { return nil }
        return (seconds, bytes)
    }

    /// Runs the python interpreter with `arguments`; returns status, stdout and stderr.
    static func runPython(_ arguments: [String]) -> (Int32, Data, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (-1, Data(), "\(error)") }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, data, problem)
    }
}
