import Foundation
import Synchronization
import WeightAtlasTensor

extension HDF5 {
    /// Opens HDF5 files in a child process, the HDF5 reader (`weightatlas-hdf5`, which runs
    /// `HDF5Reader`), and takes their datasets from its stdout (`ReaderStream`).
    ///
    /// libhdf5 trusts the file: fuzzing found corrupt files that send it into an endless
    /// walk growing memory by the GB, and others that crash it. In the reader process those
    /// end that process under its own limits (`ReaderLimits`); here they become a
    /// `FormatError` naming the file, and the caller never runs libhdf5 at all.
    package enum Sandbox {
        /// Environment variable naming the reader executable; by default it is the
        /// `weightatlas-hdf5` beside the running executable.
        static let readerVariable = "WEIGHTATLAS_HDF5_READER"
        /// How the error describes a reader stopped by a Swift runtime trap (SIGILL or
        /// SIGTRAP: a failed precondition or overflow check in our own code, which libhdf5
        /// does not raise); the Keras fuzz target treats such an error as a finding.
        package static let ownCheckFailed = "stopped on a failed check of its own"

        /// Every dataset of the HDF5 image at bytes `offset..<offset + length` of `path`, read
        /// by `reader` (default: `readerPath()`).
        static func datasets(path: String, offset: Int, length: Int, reader: String? = nil) throws(FormatError) -> [Dataset] {
            try run(reader: reader, arguments: [path, String(offset), String(length)], image: nil,
                    budget: ReadBudget(fileSize: length))
        }

        /// Every dataset of the HDF5 image `image` (handed to the reader in a memory file,
        /// never written to disk).
        static func datasets(image: UnsafeRawBufferPointer, reader: String? = nil) throws(FormatError) -> [Dataset] {
            try run(reader: reader, arguments: ["/dev/fd/3", "0", String(image.count)], image: image,
                    budget: ReadBudget(fileSize: image.count))
        }

        /// The reader executable: `$WEIGHTATLAS_HDF5_READER`, or `weightatlas-hdf5` in the
        /// running executable's folder.
        static func readerPath() throws(FormatError) -> String {
            if let path = ProcessInfo.processInfo.environment[readerVariable], !path.isEmpty { return path }
            let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
            let path = (executable as NSString).deletingLastPathComponent + "/weightatlas-hdf5"
            guard access(path, X_OK) == 0 else {
                throw FormatError(format: KerasFile.formatName,
                                  kind: .io("the HDF5 reader is missing: no executable \(path) (install weightatlas-hdf5 "
                                            + "beside \((executable as NSString).lastPathComponent), or set \(readerVariable))"))
            }
            return path
        }

        /// Runs the reader, taking at most `budget` bytes of elements from it.
        private static func run(reader: String?, arguments: [String], image: UnsafeRawBufferPointer?,
                                budget: ReadBudget) throws(FormatError) -> [Dataset] {
            let reader = if let reader { reader } else { try readerPath() }
            let child = try ReaderProcess(executable: reader, arguments: arguments, image: image)
            var datasets: [Dataset] = []
            var outcome: Result<Void, FormatError>?
            var brokenStream: FormatError?
            var budget = budget
            do throws(FormatError) {
                outcome = try read(from: child.output, into: &datasets, budget: &budget)
            } catch {
                brokenStream = error
            }
            let status = child.wait()
            switch outcome {
            case .success?: return datasets
            case .failure(let error)?: throw error
            // A reader that died mid-frame breaks the stream: its end is the better reason.
            case nil: throw status == 0 ? brokenStream ?? stopped(status) : stopped(status)
            }
        }

        /// Reads frames until Z (`.success`), E (`.failure`) or the end of the stream (nil),
        /// charging each dataset's elements to `budget` before taking them.
        /// - Throws: `.malformedHeader` for a stream that breaks `ReaderStream`'s grammar,
        ///   `.badMember` when the elements sent pass the budget.
        private static func read(from fd: Int32, into datasets: inout [Dataset],
                                 budget: inout ReadBudget) throws(FormatError) -> Result<Void, FormatError>? {
            var pending: ReaderStream.Record?
            while let (tag, length) = try frameHeader(fd) {
                switch tag {
                case ReaderStream.dataset, ReaderStream.error:
                    guard length <= ReaderStream.maxJSON, pending == nil else { throw broken("a \(length)-byte record") }
                    let payload = try payload(fd, length: length)
                    if tag == ReaderStream.error {
                        guard let error = try? JSONDecoder().decode(FormatError.self, from: payload) else { throw broken("an unreadable error") }
                        return .failure(error)
                    }
                    guard let record = try? JSONDecoder().decode(ReaderStream.Record.self, from: payload),
                          DType(rawValue: record.dtype) != nil else { throw broken("an unreadable dataset record") }
                    if let range = record.contiguous {
                        datasets.append(dataset(record, storage: .contiguous(range)))
                    } else {
                        pending = record
                    }
                case ReaderStream.bytes:
                    guard let record = pending, length == record.byteCount, length <= Dataset.maxOwnedSize else {
                        throw broken("\(length) element bytes for no dataset of that size")
                    }
                    try budget.charge(length, dataset: record.path, offset: nil)
                    let buffer = InflatedBuffer(count: length)
                    guard DescriptorIO.read(fd, into: buffer.bytes) else { return nil }
                    datasets.append(dataset(record, storage: .owned(buffer)))
                    pending = nil
                case ReaderStream.end:
                    guard pending == nil else { throw broken("the end before a dataset's elements") }
                    return .success(())
                default:
                    throw broken("frame tag \(tag)")
                }
            }
            return nil
        }

        private static func dataset(_ record: ReaderStream.Record, storage: Dataset.Storage) -> Dataset {
            Dataset(path: record.path, dtype: DType(rawValue: record.dtype)!, byteOrder: record.bigEndian ? .big : .little,
                    shape: record.shape, byteCount: record.byteCount, storage: storage)
        }

        /// The next frame's tag and length, or nil at the end of the stream.
        private static func frameHeader(_ fd: Int32) throws(FormatError) -> (UInt8, Int)? {
            var header = [UInt8](repeating: 0, count: 9)
            let complete = header.withUnsafeMutableBytes { DescriptorIO.read(fd, into: $0) }
            guard complete else { return nil }
            let length = header[1...].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard let count = Int(exactly: length) else { throw broken("a frame of \(length) bytes") }
            return (header[0], count)
        }

        private static func payload(_ fd: Int32, length: Int) throws(FormatError) -> Data {
            var data = Data(count: length)
            let complete = data.withUnsafeMutableBytes { DescriptorIO.read(fd, into: $0) }
            guard complete else { throw broken("a record cut short") }
            return data
        }

        private static func broken(_ what: String) -> FormatError {
            FormatError(format: KerasFile.formatName, kind: .malformedHeader("the HDF5 reader sent \(what)"), offset: 0)
        }

        /// The error for a reader that ended without a result: killed by its own limits or crashed.
        private static func stopped(_ status: Int32) -> FormatError {
            let signal = status & 0x7F
            let why = switch signal {
            case 0: "exited with status \((status >> 8) & 0xFF) without a result"
            case SIGXCPU: "ran past its CPU-time limit (\(Int(ReaderLimits.seconds)) s, more only while reading a dataset)"
            case SIGILL, SIGTRAP: "\(Self.ownCheckFailed) (signal \(signal)): a WeightAtlas bug, please report it with this file"
            default: "crashed (signal \(signal)) or ran out of its memory limit "
                + "(\(ReaderLimits.headroom >> 20) MiB beyond what it had, more only while reading a dataset)"
            }
            return FormatError(format: KerasFile.formatName, kind: .malformedHeader("libhdf5 cannot read this file: the HDF5 reader \(why)"),
                               offset: 0)
        }
    }
}
