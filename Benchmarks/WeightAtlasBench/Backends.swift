import Foundation
import WeightAtlas

/// The backends a run compares.
enum Backends {
    static func available(_ wanted: [String]) -> [(String, any RenderBackend)] {
        var list: [(String, any RenderBackend)] = []
        if wanted.contains("cpu") { list.append(("cpu", CPUBackend())) }
        if wanted.contains("opencl") {
            do {
                if case .openCL(let backend) = try BackendSelection.select(.opencl) {
                    list.append(("opencl", backend))
                }
            } catch {
                print("opencl: unavailable (\(error.message))")
            }
        }
        return list
    }
}

/// Command-line options of the bench.
struct BenchArguments {
    /// `--scenario a,b,…` (nil: all); "d" selects d32 and d16.
    var scenarios: [String]?
    var repeats = 5
    var backends = ["cpu", "opencl"]
    var json: String?
    var baseline = true
    /// `--sweep`: end to end against the number of filters (96 … 65,536), for the plot.
    var sweep = false
    /// `--no-encoder`: skip the encoder's 1-vs-2-worker study.
    var encoder = true
    /// `--encode [PNG…]`: every preset and filter at 1 and 2 workers on these PNGs, vs Pillow.
    var encode: [String]?
    /// Where inputs are generated (kept between runs) and outputs written.
    var work = NSTemporaryDirectory() + "weightatlas-bench"

    init(_ words: ArraySlice<String>) {
        var words = words
        while let word = words.popFirst() {
            switch word {
            case "--scenario": scenarios = (words.popFirst() ?? "").split(separator: ",").map(String.init)
            case "--repeat": repeats = max(1, Int(words.popFirst() ?? "") ?? repeats)
            case "--backend":
                let choice = words.popFirst() ?? "both"
                backends = choice == "both" ? ["cpu", "opencl"] : [choice]
            case "--json": json = words.popFirst()
            case "--no-baseline": baseline = false
            case "--sweep": sweep = true
            case "--no-encoder": encoder = false
            case "--work": work = words.popFirst() ?? work
            case "--encode":
                encode = []
                while let next = words.first, !next.hasPrefix("--") { encode?.append(next); words.removeFirst() }
            default:
                print("unknown option \(word)")
                exit(2)
            }
        }
    }
}
