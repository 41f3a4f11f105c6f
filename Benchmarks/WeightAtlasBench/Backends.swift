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
    var filters = 65_536
    var repeats = 5
    var backends = ["cpu", "opencl"]
    var json: String?
    var baseline = true
    var gigapixel = false
    /// `--encode [PNG…]`: the encoder bench on the scenario mosaic, or on these PNGs.
    var encode: [String]?

    init(_ words: ArraySlice<String>) {
        var words = words
        while let word = words.popFirst() {
            switch word {
            case "--filters": filters = Int(words.popFirst() ?? "") ?? filters
            case "--repeat": repeats = max(1, Int(words.popFirst() ?? "") ?? repeats)
            case "--backend":
                let choice = words.popFirst() ?? "both"
                backends = choice == "both" ? ["cpu", "opencl"] : [choice]
            case "--json": json = words.popFirst()
            case "--no-baseline": baseline = false
            case "--gigapixel": gigapixel = true
            case "--encode":
                encode = []
                while let next = words.first, !next.hasPrefix("--") { encode?.append(next); words.removeFirst() }
            default: print("unknown option \(word)")
            }
        }
    }
}
