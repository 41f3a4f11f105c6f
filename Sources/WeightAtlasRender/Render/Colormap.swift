/// The 256-entry lookup tables that colour single-channel tiles.
public enum Colormap: String, Sendable, Equatable, CaseIterable {
    /// Black to white (written as a grey PNG).
    case gray
    /// matplotlib's viridis.
    case viridis
    /// matplotlib's magma.
    case magma
    /// Blue–white–red (matplotlib's RdBu_r); level 128 is near white.
    case diverging

    /// 256 RGB triples, level-major.
    public var table: [UInt8] {
        switch self {
        case .gray: (0..<768).map { UInt8($0 / 3) }
        case .viridis: Self.viridisTable
        case .magma: Self.magmaTable
        case .diverging: Self.divergingTable
        }
    }

    /// The colour of NaN and ±infinite values: one the map itself never shows.
    public var marker: (UInt8, UInt8, UInt8) {
        switch self {
        case .gray, .viridis: (255, 0, 255)
        case .magma, .diverging: (0, 255, 0)
        }
    }
}
