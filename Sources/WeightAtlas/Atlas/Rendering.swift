import Foundation
import WeightAtlasRender

/// Exactly what was done to one tensor's values to make its pixels: the manifest's per-tensor
/// `render` entry and the viewer's legend.
public struct Rendering: Sendable, Equatable {
    /// The level mapping.
    public var normalization: Normalization
    /// The values that share one mapping: `filter`, `kernel` or `layer`.
    public var scope: Scope
    /// The colormap of single-channel images (RGB tiles use none).
    public var colormap: Colormap?
    /// The layer-wide bounds that map to levels 0 and 255 (nil for per-filter modes).
    public var lo, hi: Float?
    /// The heatmap's block reduction, when the matrix was reduced.
    public var reduction: HeatmapPlan?
    /// True when pixels show log10 |x| (`--log`).
    public var logMagnitude = false

    /// A rendering with no bounds or reduction.
    public init(normalization: Normalization, scope: Scope, colormap: Colormap?) {
        self.normalization = normalization
        self.scope = scope
        self.colormap = colormap
    }

    /// One sentence for a person: values, reduction, bounds, clipping, colormap.
    public var legend: String {
        var parts: [String] = []
        let values = logMagnitude ? "log10 |x|" : "x"
        if let plan = reduction {
            parts.append("\(values) of the \(plan.reduction.rawValue) of each \(plan.blockRows)×\(plan.blockCols) block")
        } else {
            parts.append(logMagnitude ? "log10 |x| of each value" : "each value")
        }
        switch normalization {
        case .minmax: parts.append("[min, max] of each \(scope.rawValue) → 0…255")
        case .torchvision(nil): parts.append("[min, max] of each \(scope.rawValue) → 0…255 by torchvision's make_grid and save_image")
        case .torchvision(let range?):
            parts.append("[\(range.lo), \(range.hi)] → 0…255 by torchvision's make_grid and save_image, clipped outside")
        case .symmetric: parts.append("[−max|x|, +max|x|] of each \(scope.rawValue) → 0…255, zero at 128")
        case .percentile(let q):
            parts.append("[\(Self.ordinal(q)), \(Self.ordinal(100 - q)) percentile] of the layer\(bounds) → 0…255, clipped outside")
        case .robust(let q):
            let around = (lo ?? 0) < 0 && (hi ?? 0) > 0 && lo == hi.map { -$0 } ? ", symmetric about zero" : ""
            parts.append("[\(Self.ordinal(q)), \(Self.ordinal(100 - q)) percentile]\(around) of the layer\(bounds) → 0…255, clipped outside")
        }
        if let colormap { parts.append(colormap.rawValue) }
        return parts.joined(separator: "; ")
    }

    /// ` = [lo, hi]` when known.
    var bounds: String {
        guard let lo, let hi else { return "" }
        return " = [\(Self.number(lo)), \(Self.number(hi))]"
    }

    /// `1st`, `2nd`, `99th`, `0.5th`.
    static func ordinal(_ q: Double) -> String {
        let text = Normalization.number(q)
        guard q == q.rounded(), !(11...13).contains(Int(q) % 100) else { return text + "th" }
        switch Int(q) % 10 {
        case 1: return text + "st"
        case 2: return text + "nd"
        case 3: return text + "rd"
        default: return text + "th"
        }
    }

    /// A bound in 4 significant digits, the same on every machine.
    static func number(_ value: Float) -> String { String(format: "%.4g", Double(value)) }
}
