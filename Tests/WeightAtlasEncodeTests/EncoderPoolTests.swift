import Dispatch
import Foundation
import Synchronization
import Testing
@testable import WeightAtlasEncode

/// Every writer of the process shares one `EncoderPool`: writers at the presets' levels
/// running at once (as `zoo --jobs` runs them, on Dispatch's threads) borrow each other's
/// contexts and run each other's jobs, and still write the bytes each writes alone.
@Suite struct EncoderPoolTests {
    static func write(_ pixels: [UInt8], level: Int, workers: Int, to path: String) throws {
        let writer = try ParallelPNGWriter(path: path, width: 300, height: 90, channels: 3, level: level, filter: .up,
                                           workers: workers, stripBytes: 6_000)
        try pixels.withUnsafeBytes { rows in
            for band in stride(from: 0, to: 90, by: 7) {
                try writer.write(rows: UnsafeRawBufferPointer(rebasing: rows[(band * 900)..<(min(90, band + 7) * 900)]))
            }
        }
        try writer.finish()
    }

    @Test func concurrentWritersAtEveryLevelWriteWhatEachWritesAlone() throws {
        let folder = PNGTestSupport.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // The presets' levels (1 and 2 are not deterministic: docs/ARCHITECTURE.md).
        let levels = [0, 3, 3, 0, 3, 3, 0, 3]
        let images = levels.indices.map { PNGTestSupport.pixels(width: 300, height: 90, channels: 3, seed: UInt64(11 + $0)) }
        for (i, level) in levels.enumerated() { try Self.write(images[i], level: level, workers: 1, to: folder + "/alone-\(i).png") }
        let failures = Mutex<[String]>([])
        // Dispatch threads, blocked on their own strips, must still finish: each helps before it waits.
        DispatchQueue.concurrentPerform(iterations: levels.count) { i in
            do { try Self.write(images[i], level: levels[i], workers: 3, to: folder + "/shared-\(i).png") } catch {
                failures.withLock { $0.append("\(i): \(error)") }
            }
        }
        #expect(failures.withLock { $0 }.isEmpty)
        for i in levels.indices {
            let alone = try Data(contentsOf: URL(fileURLWithPath: folder + "/alone-\(i).png"))
            let shared = try Data(contentsOf: URL(fileURLWithPath: folder + "/shared-\(i).png"))
            #expect(alone == shared, "image \(i), level \(levels[i])")
            #expect(try PNGImage(path: folder + "/shared-\(i).png").pixels == images[i])
        }
    }
}
