import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// libhdf5 runs only in the HDF5 reader process: whatever that process does — crash, run out
/// of its limits, send nonsense — the caller gets a `FormatError`, never a crash or a hang.
@Suite struct HDF5SandboxTests {
    let fixture = Fixtures.root.appendingPathComponent("keras/legacy-weights.h5").path

    /// A reader script in a folder of its own.
    func reader(_ body: String) throws -> String {
        let folder = NSTemporaryDirectory() + "hdf5-sandbox-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/reader"
        // Written through a close-on-exec descriptor: a process spawned meanwhile by another
        // test must not hold it open for writing, or executing the script fails (ETXTBSY).
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o755)
        try #require(fd >= 0)
        let text = Array(("#!/bin/sh\n" + body + "\n").utf8)
        #expect(write(fd, text, text.count) == text.count)
        close(fd)
        return path
    }

    func failure(reader script: String) throws -> FormatError {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fixture)[.size] as? Int)
        let reader = try reader(script)
        defer { try? FileManager.default.removeItem(atPath: (reader as NSString).deletingLastPathComponent) }
        do {
            _ = try HDF5.Sandbox.datasets(path: fixture, offset: 0, length: size, reader: reader)
        } catch {
            return error
        }
        Issue.record("the reader's failure was not reported")
        return FormatError(kind: .unknownFormat)
    }

    @Test(arguments: [("kill -SEGV $$", "crashed (signal 11)"), ("kill -XCPU $$", "CPU-time limit"),
                      ("kill -ILL $$", HDF5.Sandbox.ownCheckFailed),
                      ("printf 'D\\100\\000\\000\\000\\000\\000\\000\\000{'; kill -SEGV $$", "crashed (signal 11)"),
                      ("exit 0", "exited with status 0 without a result"),
                      ("printf 'Q\\000\\000\\000\\000\\000\\000\\000\\000'", "frame tag 81"),
                      ("printf 'B\\004\\000\\000\\000\\000\\000\\000\\000abcd'", "4 element bytes for no dataset"),
                      ("printf 'D\\377\\377\\377\\377\\377\\377\\377\\177'", "record")])
    func readerThatFailsBecomesAnError(script: String, expected: String) throws {
        let error = try failure(reader: script)
        guard case .malformedHeader(let why) = error.kind else {
            Issue.record("kind \(error.kind) for \(script)")
            return
        }
        #expect(why.contains(expected), "\(why)")
        #expect(error.offset == 0)
    }

    @Test func missingReaderSaysWhereItLooked() throws {
        let size = try #require(try FileManager.default.attributesOfItem(atPath: fixture)[.size] as? Int)
        #expect(throws: FormatError.self) {
            try HDF5.Sandbox.datasets(path: fixture, offset: 0, length: size, reader: "/nonexistent/weightatlas-hdf5")
        }
        let path = try HDF5.Sandbox.readerPath()
        #expect(path.hasSuffix("/weightatlas-hdf5") && access(path, X_OK) == 0)
    }

    /// The real reader, on a file image handed over in a memory file and on a file by path,
    /// sends the same datasets.
    @Test func imageAndPathGiveTheSameDatasets() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: fixture))
        let byPath = try HDF5.Sandbox.datasets(path: fixture, offset: 0, length: bytes.count)
        let fromImage = try bytes.withUnsafeBytes { image throws(FormatError) in try HDF5.Sandbox.datasets(image: image) }
        #expect(byPath.map(\.path) == fromImage.map(\.path))
        #expect(byPath.map(\.shape) == fromImage.map(\.shape))
        #expect(byPath.count == 11)
    }

    /// The corrupt file that sent libhdf5's H5Ovisit2 round a group cycle (24 GB in 70 s):
    /// our walk enters each group once, and the reader's limits end what libhdf5 does inside
    /// one group's listing.
    @Test func groupCycleEndsWithinTheLimits() throws {
        let error = #expect(throws: FormatError.self) {
            try WeightFiles.open(Fixtures.invalid("fuzz-hdf5-group-walk-unbounded.keras"))
        }
        #expect(error?.description.contains("ran out of its memory limit (512 MiB beyond what it had") == true,
                "\(String(describing: error))")
    }
}
