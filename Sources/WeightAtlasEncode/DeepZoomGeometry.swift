/// The shape of a Deep Zoom (DZI) pyramid: levels, their sizes, and which pixels each tile covers.
///
/// Level `levelCount − 1` is the full image; each level below halves both sides, rounding up,
/// down to level 0 of 1×1, so there are ⌈log₂ max(width, height)⌉ + 1 levels. Downsampling is
/// nearest-neighbour from the full image: pixel (x, y) of the level k steps below the top is
/// source pixel (x·2ᵏ, y·2ᵏ), so every level pixel is one exact source pixel (a weight stays
/// exact). Tile (c, r) of a level covers columns [c·T − O if c > 0 else 0, (c+1)·T + O) and the
/// same for rows, clipped to the level, with T = `tileSize` and O = `overlap` (the DZI spec).
public struct DeepZoomGeometry: Sendable, Equatable {
    /// Full-resolution width in pixels.
    public let width: Int
    /// Full-resolution height in pixels.
    public let height: Int
    /// Tile side in pixels (DZI TileSize).
    public let tileSize: Int
    /// Pixels each tile repeats of its neighbours (DZI Overlap).
    public let overlap: Int

    /// The pyramid of a `width`×`height` image.
    public init(width: Int, height: Int, tileSize: Int = 256, overlap: Int = 1) {
        precondition(width > 0 && height > 0 && tileSize > 0 && overlap >= 0)
        self.width = width
        self.height = height
        self.tileSize = tileSize
        self.overlap = overlap
    }

    /// ⌈log₂ max(width, height)⌉ + 1.
    public var levelCount: Int {
        var bits = 0
        while 1 << bits < max(width, height) { bits += 1 }
        return bits + 1
    }

    /// How many halvings level `level` is below the full image.
    public func shift(of level: Int) -> Int { levelCount - 1 - level }

    /// Width and height of `level` (⌈side / 2^shift⌉).
    public func size(of level: Int) -> (width: Int, height: Int) {
        let s = shift(of: level)
        return ((width + (1 << s) - 1) >> s, (height + (1 << s) - 1) >> s)
    }

    /// Tile columns and rows of `level`.
    public func tiles(of level: Int) -> (columns: Int, rows: Int) {
        let (w, h) = size(of: level)
        return ((w + tileSize - 1) / tileSize, (h + tileSize - 1) / tileSize)
    }

    /// Pixels tile `index` covers along a side of `length` pixels, overlap included.
    public func span(_ index: Int, length: Int) -> Range<Int> {
        let start = index * tileSize - (index > 0 ? overlap : 0)
        return start..<min(length, (index + 1) * tileSize + overlap)
    }

    /// Tiles of every level together.
    public var tileCount: Int { (0..<levelCount).reduce(0) { $0 + tiles(of: $1).columns * tiles(of: $1).rows } }

    /// The .dzi descriptor (format png).
    public var descriptor: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="png" Overlap="\(overlap)" TileSize="\(tileSize)">
          <Size Width="\(width)" Height="\(height)"/>
        </Image>

        """
    }
}
