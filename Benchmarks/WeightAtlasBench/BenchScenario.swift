import Foundation
import WeightAtlas

/// One workload of the bench: an input file, the `weightatlas render` options it is drawn
/// with, and which measurements apply to it.
struct BenchScenario {
    enum Input {
        case safetensors(shape: [Int], f16: Bool)
        case ggufQ4K(rows: Int, cols: Int)
    }

    /// "a" … "f" (sweep points are "sweep-N").
    let id: String
    let title: String
    let input: Input
    /// Extra `render` arguments (the same options reach the in-process render).
    let renderArguments: [String]
    /// Whether a numpy + Pillow baseline draws the same picture (tile mosaics: visualize_grid.py;
    /// the F32 heatmap: heatmap.py).
    let hasBaseline: Bool
    /// Whether the in-process per-stage measurement runs (not for the gigapixel mosaic,
    /// whose point is the whole process's time and memory).
    let measuresStages: Bool

    static let tensorName = "layer.weight"

    /// The scenarios of issue 7.
    static let all: [BenchScenario] = [
        filters("a", count: 96, title: "96 filters 3x11x11 f32 (AlexNet conv1)"),
        filters("b", count: 65_536, title: "65,536 filters 3x11x11 f32"),
        BenchScenario(id: "c", title: "512x512x3x3 f32 filter bank (262,144 tiles)",
                      input: .safetensors(shape: [512, 512, 3, 3], f16: false), renderArguments: [],
                      hasBaseline: true, measuresStages: true),
        BenchScenario(id: "d32", title: "LLM matrix 4096x11008 f32 (heatmap)",
                      input: .safetensors(shape: [4096, 11008], f16: false), renderArguments: [],
                      hasBaseline: true, measuresStages: true),
        BenchScenario(id: "d16", title: "LLM matrix 4096x11008 f16 (heatmap)",
                      input: .safetensors(shape: [4096, 11008], f16: true), renderArguments: [],
                      hasBaseline: false, measuresStages: true),
        BenchScenario(id: "e", title: "GGUF Q4_K 11008x4096 (heatmap, render's default: robust bounds, diverging)",
                      input: .ggufQ4K(rows: 11008, cols: 4096), renderArguments: [],
                      hasBaseline: false, measuresStages: true),
        // 16.7 M 3x3 kernels of a filter bank at scale 2: a 28671x28671 grey mosaic (822 Mpx),
        // kept one PNG (not a Deep Zoom pyramid) so it measures the mosaic encoder.
        BenchScenario(id: "f", title: "4096x4096x3x3 f32 at scale 2: 28671x28671 mosaic (822 Mpx)",
                      input: .safetensors(shape: [4096, 4096, 3, 3], f16: false),
                      renderArguments: ["--scale", "2", "--dzi-threshold", "100000"],
                      hasBaseline: false, measuresStages: false),
    ]

    /// `count` RGB filters of 3x11x11 at scale 1: the CS231n `visualize_grid` picture.
    static func filters(_ id: String, count: Int, title: String? = nil) -> BenchScenario {
        BenchScenario(id: id, title: title ?? "\(count) filters 3x11x11 f32", input: .safetensors(shape: [count, 3, 11, 11], f16: false),
                      renderArguments: ["--scale", "1"], hasBaseline: true, measuresStages: true)
    }

    /// The filter counts of `--sweep`.
    static let sweepCounts = [96, 1024, 4096, 16_384, 65_536]

    /// Selects scenarios by id; "d" means both d32 and d16.
    static func selected(_ ids: [String]?) -> [BenchScenario] {
        guard let ids else { return all.filter { $0.id != "f" } + all.filter { $0.id == "f" } }
        return all.filter { scenario in ids.contains { scenario.id == $0 || scenario.id.hasPrefix($0) && $0 == "d" } }
    }

    var fileName: String {
        switch input {
        case .safetensors(let shape, let f16):
            return shape.map(String.init).joined(separator: "x") + (f16 ? "-f16" : "-f32") + ".safetensors"
        case .ggufQ4K(let rows, let cols): return "\(rows)x\(cols)-q4k.gguf"
        }
    }

    /// The input file in `folder`, written when missing.
    func inputPath(in folder: String) throws -> String {
        let path = folder + "/" + fileName
        if !FileManager.default.fileExists(atPath: path) {
            switch input {
            case .safetensors(let shape, let f16): try InputFiles.safetensors(path, name: Self.tensorName, shape: shape, f16: f16)
            case .ggufQ4K(let rows, let cols): try InputFiles.ggufQ4K(path, name: Self.tensorName, rows: rows, cols: cols)
            }
        }
        return path
    }

    /// Number of weights.
    var elements: Int {
        switch input {
        case .safetensors(let shape, _): return shape.reduce(1, *)
        case .ggufQ4K(let rows, let cols): return rows * cols
        }
    }

    /// Tensor bytes as stored.
    var storedBytes: Int {
        switch input {
        case .safetensors(_, let f16): return elements * (f16 ? 2 : 4)
        case .ggufQ4K: return elements / 256 * 144
        }
    }

    /// `RenderOptions` matching `renderArguments` (the CLI's defaults otherwise).
    var options: RenderOptions {
        var options = RenderOptions()
        var words = renderArguments[...]
        while let word = words.popFirst() {
            let value = Int(words.popFirst() ?? "")
            if word == "--scale" { options.scale = value }
            if word == "--dzi-threshold", let value { options.deepZoomThreshold = value }
        }
        return options
    }
}
