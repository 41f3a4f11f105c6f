import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Outputs survive hostile conditions: a signal mid-render leaves no temporaries, a full
/// disk exits 4 with earlier images intact, an image beyond PNG's limits points to --dzi.
@Suite(.serialized) struct OutputSafetyTests {
    /// A safetensors file of F32 tensors (name, rows, cols) in this order, values from an LCG.
    static func safetensors(_ tensors: [(String, Int, Int)], at path: String) throws {
        var state: UInt32 = 12345
        try SafetensorsFixture.write(tensors.map { name, rows, cols in
            let values = (0..<(rows * cols)).map { _ in
                state = state &* 1_664_525 &+ 1_013_904_223
                return Float(state >> 8) / Float(1 << 24) - 0.5
            }
            return SafetensorsFixture.Tensor(name: name, shape: [rows, cols], values: values)
        }, to: path)
    }

    static func leftovers(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects.compactMap { $0 as? String } ?? []).filter { $0.contains(".tmp-") }
    }

    @Test(arguments: [(SIGINT, Int32(130)), (SIGTERM, Int32(143))])
    func signalMidRenderLeavesNoTemporaries(_ signal: Int32, _ expected: Int32) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/big.safetensors", out = folder + "/atlas"
        try Self.safetensors([("a_small", 8, 8), ("big", 2048, 4096)], at: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["render", input, "-o", out, "--backend", "cpu", "--max-size", "4096", "--compression", "best", "--quiet"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Self.leftovers(out).isEmpty && Date() < deadline { usleep(2_000) }
        #expect(process.isRunning, "the render finished before a temporary file appeared")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == expected,
                "status \(process.terminationStatus)")
        #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out))")
        #expect(!FileManager.default.fileExists(atPath: out + "/big.png"))
    }

    /// A Deep Zoom render interrupted while its tile folder fills: the `.NAME_files.tmp-PID`
    /// folder goes with everything in it, and the message says so truthfully.
    @Test(arguments: [(SIGINT, Int32(130), "interrupted"), (SIGTERM, Int32(143), "terminated")])
    func signalMidPyramidRemovesTheTileFolder(_ signal: Int32, _ expected: Int32, _ word: String) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/big.safetensors", out = folder + "/atlas"
        try Self.safetensors([("big", 4096, 4096)], at: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLI.binary)
        process.arguments = ["render", input, "-o", out, "--backend", "cpu", "--full", "--dzi", "--quiet"]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        func tilesWritten() -> Bool { Self.leftovers(out).contains { $0.contains("_files.tmp-") && $0.hasSuffix(".png") } }
        while process.isRunning && !tilesWritten() && Date() < deadline { usleep(2_000) }
        #expect(process.isRunning, "the render finished before its tile folder had tiles")
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == expected,
                "status \(process.terminationStatus): \(stderr)")
        #expect(stderr.contains("weightatlas: \(word); temporary outputs removed"), "\(stderr)")
        #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out).prefix(5))")
        #expect(!FileManager.default.fileExists(atPath: out + "/big.dzi"))
    }

    @Test func fullDiskExitsFourKeepingEarlierOutputs() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/two.safetensors", out = folder + "/atlas"
        try Self.safetensors([("a_small", 8, 8), ("b_big", 512, 1024)], at: input)
        // RLIMIT_FSIZE of 64 KiB, SIGXFSZ ignored: writes past it fail with EFBIG, as on a full
        // disk (an ignored signal stays ignored across exec).
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "trap '' XFSZ; ulimit -f 128; exec \"$0\" \"$@\"", CLI.binary,
                             "render", input, "-o", out, "--backend", "cpu", "--max-size", "1024", "--quiet"]
        let err = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = err
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 4, "\(stderr)")
        #expect(stderr.contains("cannot write"), "\(stderr)")
        #expect(try PNGImage(path: out + "/a_small.png").width > 0)   // complete and decodable
        #expect(!FileManager.default.fileExists(atPath: out + "/b_big.png"))
        #expect(Self.leftovers(out).isEmpty, "\(Self.leftovers(out))")
    }

    @Test(arguments: [(PNGCompression.default, 1 << 31), (.best, 1_000_001)])
    func imageBeyondPNGLimitsSuggestsDeepZoom(_ compression: PNGCompression, _ width: Int) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let error = #expect(throws: OutputError.self) {
            _ = try PNGWriter(path: folder + "/wide.png", width: width, height: 1, channels: 1, compression: compression)
        }
        #expect(error?.message.contains("--dzi") == true, "\(String(describing: error))")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }
}
