import Foundation
import Synchronization
import Testing
@testable import WeightAtlasEncode

/// What the signal thread's cleanup does with a tile folder that workers are still filling.
@Suite struct TemporaryOutputsTests {
    @Test func aFolderBeingFilledIsRemovedWhole() throws {
        let root = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let folder = root + "/.m_files.tmp-1"
        for level in 0..<4 { try FileManager.default.createDirectory(atPath: folder + "/\(level)", withIntermediateDirectories: true) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/0/link.png", withDestinationPath: root + "/outside.png")
        try Data("keep".utf8).write(to: URL(fileURLWithPath: root + "/outside.png"))
        let stop = Atomic<Bool>(false)
        let writers = (0..<4).map { level in
            Thread {
                var n = 0
                while !stop.load(ordering: .relaxed) {
                    let path = folder + "/\(level)/\(n)_0.png"
                    if let file = fopen(path, "wb") { fwrite("tile", 1, 4, file); fclose(file) }
                    n += 1
                }
            }
        }
        writers.forEach { $0.start() }
        usleep(20_000)
        let removed = TemporaryOutputs.remove(folder)
        stop.store(true, ordering: .relaxed)
        #expect(removed)
        let left = try FileManager.default.contentsOfDirectory(atPath: root)
        #expect(left == ["outside.png"], "\(left)")
    }

    @Test func aFileIsUnlinkedAndAMissingPathIsDone() throws {
        let root = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/.a.png.tmp-1"))
        #expect(TemporaryOutputs.remove(root + "/.a.png.tmp-1"))
        #expect(TemporaryOutputs.remove(root + "/missing"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).isEmpty)
    }
}
