#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A whole file mapped read-only into memory; pages are read only when touched.
///
/// The mapping is released when the last reference goes away.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// All bytes of the file.
    public let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path` (calls `open`, `fstat`, `mmap`).
    /// - Throws: `FormatError` with kind `.io` when the file cannot be opened or mapped.
    public init(path: String) throws(FormatError) {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FormatError(file: path, kind: .io(Self.describe(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FormatError(file: path, kind: .io(Self.describe(errno))) }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw FormatError(file: path, kind: .io("not a regular file"))
        }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw FormatError(file: path, kind: .io(Self.describe(errno)))
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    /// Size of the file in bytes.
    public var count: Int { bytes.count }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }
}

extension MappedFile {
    /// A tensor's bytes as a slice of the mapping: nothing copied or read.
    /// - Throws: `FormatError` `.tensorOutOfBounds` when the tensor does not lie in the file.
    public func slice(of tensor: TensorInfo, format: String) throws(FormatError) -> TensorBytes {
        guard tensor.byteRange.lowerBound >= 0, tensor.byteRange.upperBound <= count else {
            throw FormatError(file: path, format: format, kind: .tensorOutOfBounds(range: tensor.byteRange, available: count),
                              tensor: tensor.name, offset: tensor.byteRange.lowerBound)
        }
        return TensorBytes(bytes: UnsafeRawBufferPointer(rebasing: bytes[tensor.byteRange]), owner: self)
    }
}
