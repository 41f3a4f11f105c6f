import WeightAtlasEncode

/// The one image that stands for a model on the zoo page and in the summary: its most
/// telling layer, not its first tensor (often `position_ids` or a 264×1 LayerNorm).
public struct ZooPreview: Sendable, Equatable {
    /// The tensor shown.
    public var tensor: String
    /// A PNG of it, relative to the model folder: the image, or for a Deep Zoom pyramid the
    /// level that fits one 256-px tile.
    public var image: String
    /// The full image's size in pixels (0 when the manifest lacks a grid).
    public var width, height: Int

    /// The preview of a manifest's `tensors`: the first conv (a 4-D tensor with an image),
    /// else the largest 2-D matrix with an image by element count (the first of equals),
    /// else the first image; nil when no tensor has one.
    public static func choose(_ tensors: [ManifestTensor]) -> ZooPreview? {
        let candidates = tensors.compactMap(Candidate.init)
        let pick = candidates.first { $0.shape.count == 4 }
            ?? candidates.filter { $0.shape.count == 2 }.max { $0.elements < $1.elements }
            ?? candidates.first
        return pick.map(\.preview)
    }

    /// A tensor entry that has an image.
    struct Candidate {
        var shape: [Int], preview: ZooPreview
        var elements: Int { shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? .max : $0 * $1 } }

        init?(_ entry: ManifestTensor) {
            guard let image = entry.image else { return nil }
            shape = entry.shape
            preview = ZooPreview(tensor: entry.name, image: Self.png(image, dzi: entry.dzi),
                                 width: entry.grid?.width ?? 0, height: entry.grid?.height ?? 0)
        }

        /// The image itself, or the pyramid level whose whole image is one tile (`files/L/0_0.png`).
        static func png(_ image: String, dzi: ManifestTensor.DeepZoom?) -> String {
            guard let dzi, dzi.tileSize > 0 else { return image }
            var level = 0
            while level + 1 < dzi.levels, 1 << (level + 1) <= dzi.tileSize { level += 1 }
            return "\(dzi.files)/\(level)/0_0.\(dzi.format)"
        }
    }
}

extension ZooEntry {
    /// The image that stands for this model (`ZooPreview.choose` over its manifest's tensors).
    public var preview: ZooPreview? { ZooPreview.choose(tensors) }
}
