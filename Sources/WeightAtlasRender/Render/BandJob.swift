/// The colours a band is drawn with.
public struct Palette: Sendable, Equatable {
    /// 256 RGB triples for single-channel levels.
    public var table: [UInt8]
    /// Colour of NaN and ±infinite values.
    public var marker: (UInt8, UInt8, UInt8)
    /// Grey level of the padding.
    public var pad: UInt8

    /// A palette from a colormap.
    public init(colormap: Colormap, pad: UInt8) {
        table = colormap.table
        marker = colormap.marker
        self.pad = pad
    }

    /// The table as 256 packed colours, r | g << 8 | b << 16.
    public var packedTable: [UInt32] {
        (0..<256).map { UInt32(table[3 * $0]) | UInt32(table[3 * $0 + 1]) << 8 | UInt32(table[3 * $0 + 2]) << 16 }
    }

    /// The marker as a packed colour.
    public var packedMarker: UInt32 { UInt32(marker.0) | UInt32(marker.1) << 8 | UInt32(marker.2) << 16 }

    /// Equal when table, marker and pad are.
    public static func == (a: Palette, b: Palette) -> Bool {
        a.table == b.table && a.marker == b.marker && a.pad == b.pad
    }
}

/// One horizontal band of a mosaic: output rows `rows` of `grid`, drawn from the values of
/// the tiles those rows show (`tiles`), each group rescaled with its parameters.
public struct BandJob: Sendable {
    /// The mosaic's geometry.
    public var grid: TileGrid
    /// Output pixel rows of this band.
    public var rows: Range<Int>
    /// Values per normalisation group; every group is a whole number of tile channels.
    public var groupLength: Int
    /// Parameters of every group of the tensor, by group index (element / groupLength).
    public var params: [GroupParams]
    /// Bytes per output pixel: 1 (grey) or 3 (RGB).
    public var pixelChannels: Int
    /// Colours.
    public var palette: Palette

    /// Creates a band job.
    public init(grid: TileGrid, rows: Range<Int>, groupLength: Int, params: [GroupParams],
                pixelChannels: Int, palette: Palette) {
        self.grid = grid
        self.rows = rows
        self.groupLength = groupLength
        self.params = params
        self.pixelChannels = pixelChannels
        self.palette = palette
    }

    /// The tiles whose values the band needs (`values` passed to a backend start at the first).
    public var tiles: Range<Int> { grid.tiles(forRows: rows) }
    /// Bytes of one output row.
    public var rowBytes: Int { grid.width * pixelChannels }
    /// Bytes of the whole band.
    public var byteCount: Int { rows.count * rowBytes }
}
