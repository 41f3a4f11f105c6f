#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlasTensor

/// A whole file mapped read-only into memory; pages are read only when touched.
///
/// Only regular files are mapped, and none is ever opened in a way that can block: the path
/// is `stat`ed first (a FIFO, socket, device or folder is refused unopened), then opened with
/// `O_NONBLOCK` (a FIFO swapped in meanwhile cannot hang `open`), and the descriptor is
/// `fstat`ed again before it is mapped, so what is mapped is what was checked.
/// The mapping is released when the last reference goes away.
public final class MappedFile: @unchecked Sendable {
    /// The path the file was opened from.
    public let path: String
    /// All bytes of the file.
    public let bytes: UnsafeRawBufferPointer

    /// Maps the file at `path`, the file a user names (symbolic links followed).
    /// - Throws: `FormatError` `.notRegularFile` for a FIFO, socket, device or folder,
    ///   `.io` when the file cannot be opened or mapped.
    public convenience init(path: String) throws(FormatError) {
        try self.init(path: path, opening: path, flags: 0)
    }

    /// Maps `target`, calling the mapping `path`: `stat`, `open` with
    /// `O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags`, `verify` on the open descriptor, `fstat`,
    /// `mmap`. A regular file is required before the open and again on the descriptor.
    /// - Throws: `FormatError` `.notRegularFile`, `.io`, or what `verify` throws.
    package init(path: String, opening target: String, flags: Int32,
         verify: (Int32) throws(FormatError) -> Void = { _ in }) throws(FormatError) {
        self.path = path
        var info = stat()
        guard stat(target, &info) == 0 else { throw FormatError(file: path, kind: .io(Self.describe(errno))) }
        try Self.requireRegular(info, path: path)
        let fd = open(target, O_RDONLY | O_NONBLOCK | O_CLOEXEC | flags)
        guard fd >= 0 else { throw FormatError(file: path, kind: .io(Self.describe(errno))) }
        defer { close(fd) }
        try verify(fd)
        guard fstat(fd, &info) == 0 else { throw FormatError(file: path, kind: .io(Self.describe(errno))) }
        try Self.requireRegular(info, path: path)
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

    /// `strerror(code)` as a String.
    package static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Throws `.notRegularFile` naming the kind of file `info` describes, unless it is regular.
    private static func requireRegular(_ info: stat, path: String) throws(FormatError) {
        guard let type = fileType(info.st_mode) else { return }
        throw FormatError(file: path, kind: .notRegularFile(path, type: type))
    }

    /// What a non-regular file is ("a FIFO", "a socket", ...); nil for a regular file.
    package static func fileType(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFREG: nil
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFDIR: "a folder"
        case S_IFLNK: "a symbolic link"
        default: "file type \(mode & S_IFMT)"
        }
    }
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
