/// How hard the PNG encoder compresses: a deflate engine, its level and a row filter.
///
/// The filters were chosen on weight mosaics (per-filter min/max-rescaled noise, constant
/// padding): filter None gave the smallest igzip output on the bench's 3071×3071 RGB mosaic
/// and on the sample model's atlases; Up, Sub, Paeth and adaptive were 0–9 % bigger and slower.
///
/// `none`, `fast` and `default` use `ParallelPNGWriter` (stored blocks or Intel ISA-L's igzip,
/// strips on every core); `best` uses libpng with zlib level 9 and adaptive filters, on one core.
public enum PNGCompression: String, Sendable, CaseIterable {
    /// Stored deflate blocks: fastest, biggest.
    case none
    /// igzip level 1, filter None.
    case fast
    /// igzip level 2, filter None: the bench mosaic within 1 % of Pillow's size (level 3 was
    /// no smaller there and slower).
    case `default`
    /// libpng, zlib level 9, libpng's adaptive filters.
    case best

    /// The igzip level (0: stored blocks), or nil for libpng.
    public var parallelLevel: Int? {
        switch self {
        case .none: 0
        case .fast: 1
        case .default: 2
        case .best: nil
        }
    }

    /// The row filter of the parallel engine.
    public var filter: PNGRowFilter {
        switch self {
        case .none: .none
        case .fast: .none
        case .default: .none
        case .best: .adaptive
        }
    }

    /// zlib level for libpng.
    var zlibLevel: Int32 { 9 }

    /// PNG_FILTER_* mask for libpng (0 lets libpng choose adaptively).
    var libpngFilters: Int32 { 0 }
}
