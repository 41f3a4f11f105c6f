import Foundation
import WeightAtlasFormats
import WeightAtlasTensor

/// What every fuzz target does with one input: write it to a file of its own (readers map
/// files), open it with one reader, produce every tensor's bytes and convert a few values
/// of each. Errors are the expected outcome; crashes, hangs and ASan reports are findings.
enum FuzzInput {
    /// One folder per process, so ONNX external data and shard indexes resolve inside it.
    static let folder: String = {
        let path = NSTemporaryDirectory() + "weightatlas-fuzz-\(getpid())"
        mkdir(path, 0o700)
        return path
    }()

    /// Runs `reader` on `data`, saved as `folder/input.<ext>`; a `FormatError` goes to `check`.
    static func run(_ data: UnsafePointer<UInt8>, _ size: Int, ext: String, reader: any WeightFile.Type,
                    check: (FormatError) -> Void = { _ in }) {
        let path = folder + "/input." + ext
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { fatalError("cannot write \(path)") }
        var written = 0
        while written < size {
            let n = write(fd, data + written, size - written)
            guard n > 0 else { fatalError("cannot write \(path)") }
            written += n
        }
        close(fd)
        do throws(FormatError) {
            let file = try MappedFile(path: path)
            let weights = try reader.init(file: file)
            var scratch: [Float] = []
            for tensor in weights.tensors {
                let bytes = try weights.bytes(of: tensor)
                precondition(bytes.count >= tensor.byteRange.count || tensor.dtype.isBlockQuantized,
                             "\(tensor.name): \(bytes.count) bytes for a \(tensor.byteRange.count)-byte range")
                let source = ValueSource(bytes: bytes, info: tensor, view: tensor.storedView)
                let count = min(tensor.count, 256)
                _ = try? source.withValues(0..<count, scratch: &scratch) { values in values.reduce(0, +) }
            }
        } catch {
            _ = error.description
            check(error)
        }
    }
}
