import Foundation
import WeightAtlasFormats

/// The HDF5 reader process (`weightatlas-hdf5 FILE OFFSET LENGTH`): opens the HDF5 image
/// at bytes OFFSET..<OFFSET+LENGTH of FILE with libhdf5 and streams its datasets to stdout
/// (`HDF5.ReaderStream`), each read and sent before the next, so its memory is one dataset
/// plus libhdf5's own.
///
/// It limits itself before touching the file (`HDF5.ReaderLimits`): address space and CPU
/// time, raised only for each dataset's declared size while that one is read. It never
/// loads an HDF5 filter plugin: HDF5_PLUGIN_PATH is unset and loading switched off before
/// libhdf5 starts, and a dataset naming a plugin filter is refused (`Dataset.checkFilters`). A corrupt
/// file that sends libhdf5 into a loop, an allocation spree or a crash ends this process,
/// never the caller (`HDF5.Sandbox` reports it as an error naming the file).
public enum HDF5Reader {
    /// Runs the reader on `arguments` (`FILE OFFSET LENGTH`) and returns the exit status:
    /// 0 when a Z or E frame was written, 2 for bad arguments, 1 when stdout failed.
    public static func run(arguments: [String]) -> Int32 {
        guard arguments.count == 3, let offset = Int(arguments[1]), let length = Int(arguments[2]), offset >= 0, length >= 0 else {
            FileHandle.standardError.write(Data("usage: weightatlas-hdf5 FILE OFFSET LENGTH\n".utf8))
            return 2
        }
        // No plugin search path, whoever started us (HDF5.ReaderProcess unsets it too), and
        // libhdf5's "load no plugin" before it reads either at H5open; HDF5.locked then
        // switches loading off through the API.
        unsetenv(HDF5.ReaderProcess.pluginPath)
        setenv(HDF5.ReaderProcess.pluginPreload, "::", 1)
        let limits = HDF5.ReaderLimits()
        do throws(FormatError) {
            let pinned = try pin(arguments[0])
            defer { close(pinned.fd) }
            let file = try MappedFile(path: arguments[0], opening: pinned.path, flags: 0)
            guard offset <= file.count, length <= file.count - offset else {
                throw FormatError(kind: .truncated(needed: offset + length, available: file.count), offset: file.count)
            }
            let sendAndSettle = { (dataset: HDF5.Dataset) throws(FormatError) in
                try send(dataset)
                limits.settle()
            }
            let image = UnsafeRawBufferPointer(rebasing: file.bytes[offset..<offset + length])
            // A whole file on disk is opened by path; a slice, or the caller's memory file
            // (/dev/fd/3, which libhdf5's sec2 driver fails to open), as an image.
            let byPath = offset == 0 && length == file.count && !arguments[0].hasPrefix("/dev/fd/")
            limits.settle(extra: byPath ? 0 : length)   // the core driver's copy
            if byPath {
                try HDF5.File.visit(path: pinned.path, fileSize: length, beforeRead: limits.allow(bytes:), sendAndSettle)
            } else {
                try HDF5.File.visit(image: image, beforeRead: limits.allow(bytes:), sendAndSettle)
            }
            return write(HDF5.ReaderStream.header(HDF5.ReaderStream.end, length: 0)) ? 0 : 1
        } catch {
            return write(HDF5.ReaderStream.json(HDF5.ReaderStream.error, error)) ? 0 : 1
        }
    }

    /// Opens `path` once, never blocking: `stat` first (only a regular file is opened), then
    /// `O_RDONLY | O_NONBLOCK`. The mapping and libhdf5 (whose sec2 driver opens by name, and
    /// blocks on a FIFO) then open `/proc/self/fd/N`, the inode already checked, so a FIFO
    /// swapped in for the name meanwhile cannot hang the reader.
    /// - Throws: `.notRegularFile`, or `.io` when it cannot be opened.
    private static func pin(_ path: String) throws(FormatError) -> (fd: Int32, path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw FormatError(file: path, kind: .io(MappedFile.describe(errno))) }
        if let type = MappedFile.fileType(info.st_mode) {
            throw FormatError(file: path, kind: .notRegularFile(path, type: type))
        }
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw FormatError(file: path, kind: .io(MappedFile.describe(errno))) }
        return (fd, "/proc/self/fd/\(fd)")
    }

    /// Sends `dataset`'s record, then its elements when they are not a file range.
    private static func send(_ dataset: HDF5.Dataset) throws(FormatError) {
        var ok = write(HDF5.ReaderStream.json(HDF5.ReaderStream.dataset, HDF5.ReaderStream.Record(dataset)))
        if ok, case .owned(let buffer) = dataset.storage {
            ok = write(HDF5.ReaderStream.header(HDF5.ReaderStream.bytes, length: buffer.bytes.count))
                && HDF5.DescriptorIO.write(1, UnsafeRawBufferPointer(buffer.bytes))
        }
        guard ok else { throw FormatError(kind: .io("the caller stopped reading")) }
    }

    /// Writes `bytes` to stdout (fd 1).
    private static func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { HDF5.DescriptorIO.write(1, $0) }
    }
}
