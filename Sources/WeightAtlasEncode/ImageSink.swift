/// Where a streamed image goes, band by band: one PNG or a Deep Zoom pyramid.
public protocol ImageSink: AnyObject {
    /// Bytes per row.
    var rowBytes: Int { get }
    /// Appends whole rows.
    /// - Throws: `OutputError` on a write failure (the partial output is removed).
    func write(rows bytes: UnsafeRawBufferPointer) throws(OutputError)
    /// Completes the output and renames it into place.
    /// - Throws: `OutputError` when rows are missing or the output cannot be completed.
    func finish() throws(OutputError)
    /// Abandons the output and removes what was written.
    func abort()
}

extension PNGWriter: ImageSink {}
extension DeepZoomWriter: ImageSink {}
