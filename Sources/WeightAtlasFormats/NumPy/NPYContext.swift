/// Where an .npy array lies, so its reader's errors name the file, the tensor and a file offset.
struct NPYContext: Sendable {
    /// The file's path.
    var file: String
    /// The format being read ("npy", or "npz" for an archive member).
    var format: String
    /// The tensor the array holds.
    var tensor: String
    /// File offset of the array's first byte; nil when the array is compressed, whose bytes
    /// have no file offset (errors then point at `fallbackOffset`).
    var base: Int?
    /// The offset reported for a compressed array: its member's local header.
    var fallbackOffset: Int = 0

    /// An error of `kind` found at `position` bytes into the array.
    func error(_ kind: FormatError.Kind, at position: Int) -> FormatError {
        FormatError(file: file, format: format, kind: kind, tensor: tensor,
                    offset: base.map { $0 + position } ?? fallbackOffset)
    }
}
