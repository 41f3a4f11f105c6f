/// How hard the PNG encoder compresses: a deflate engine, its level and a row filter.
///
/// The parallel presets use igzip level 3 only. igzip's level 1 and 2 (one assembly body
/// family in libisal 2.30) returned a different, valid stream for the same strip now and then
/// inside a render, which broke same-input-same-bytes; level 3 never did, and its C body
/// alternative for levels 1–2 was slower and bigger than level 3 (docs/ARCHITECTURE.md,
/// "Same input, same bytes"). The filters were chosen on real models' images with
/// `weightatlas-bench --encode` (Encode/README.md): on grey filter atlases (nearest-neighbour
/// scaled weights, constant padding) Sub was 14–39 % smaller than None; on colour images
/// (colormapped heatmaps, RGB filters) None was 4–34 % smaller than Sub.
///
/// `none`, `fast` and `default` use `ParallelPNGWriter` (stored blocks or Intel ISA-L's igzip,
/// strips on every core); `best` uses libpng with zlib level 9 and adaptive filters, on one core.
public enum PNGCompression: String, Sendable, CaseIterable {
    /// Stored deflate blocks: fastest, biggest.
    case none
    /// igzip level 3, filter None: no filter pass.
    case fast
    /// igzip level 3, filter Sub on grey images and None on colour ones.
    case `default`
    /// libpng, zlib level 9, libpng's adaptive filters.
    case best

    /// The igzip level (0: stored blocks), or nil for libpng.
    public var parallelLevel: Int? {
        switch self {
        case .none: 0
        case .fast, .default: 3
        case .best: nil
        }
    }

    /// The row filter of the parallel engine for an image of `channels` (1 grey, 3 RGB).
    public func filter(channels: Int) -> PNGRowFilter {
        switch self {
        case .none, .fast: .none
        case .default: channels == 1 ? .sub : .none
        case .best: .adaptive
        }
    }

    /// zlib level for libpng.
    var zlibLevel: Int32 { 9 }

    /// PNG_FILTER_* mask for libpng (0 lets libpng choose adaptively).
    var libpngFilters: Int32 { 0 }
}
