/// Geometry of a mosaic of equal tiles: tile `k` sits at row `k / cols`, column `k % cols`,
/// its top-left pixel at (col·(w·scale + padding), row·(h·scale + padding)); no outer border.
public struct TileGrid: Sendable, Equatable {
    /// Number of tiles.
    public var tileCount: Int
    /// Tile width in values (before upscaling).
    public var tileWidth: Int
    /// Tile height in values (before upscaling).
    public var tileHeight: Int
    /// Values per pixel of a tile: 1 (colormap) or 3 (RGB).
    public var channels: Int
    /// Tiles per mosaic row.
    public var cols: Int
    /// Pixels between tiles.
    public var padding: Int
    /// Integer nearest-neighbour upscale of each value.
    public var scale: Int

    /// Creates a grid; `cols` is clamped to `1...tileCount`.
    public init(tileCount: Int, tileWidth: Int, tileHeight: Int, channels: Int, cols: Int, padding: Int, scale: Int) {
        self.tileCount = tileCount
        self.tileWidth = tileWidth
        self.tileHeight = tileHeight
        self.channels = channels
        self.cols = max(1, min(cols, tileCount))
        self.padding = padding
        self.scale = scale
    }

    /// Tile rows in the mosaic.
    public var rows: Int { (tileCount + cols - 1) / cols }
    /// Horizontal distance between the left edges of neighbouring tiles.
    public var cellWidth: Int { tileWidth * scale + padding }
    /// Vertical distance between the top edges of neighbouring tiles.
    public var cellHeight: Int { tileHeight * scale + padding }
    /// Mosaic width in pixels.
    public var width: Int { cols * cellWidth - padding }
    /// Mosaic height in pixels.
    public var height: Int { rows * cellHeight - padding }
    /// Values in one tile (all channels).
    public var tileElements: Int { channels * tileWidth * tileHeight }

    /// Top-left pixel of tile `k`.
    public func origin(ofTile k: Int) -> (x: Int, y: Int) {
        ((k % cols) * cellWidth, (k / cols) * cellHeight)
    }

    /// The tiles that output pixel rows `rows` show (whole tile rows, clipped to the tile count).
    public func tiles(forRows rows: Range<Int>) -> Range<Int> {
        guard !rows.isEmpty else { return 0..<0 }
        let first = rows.lowerBound / cellHeight, last = (rows.upperBound - 1) / cellHeight
        return min(first * cols, tileCount)..<min((last + 1) * cols, tileCount)
    }
}
