import Foundation
import Testing

/// The same render gives the same bytes on one core or two, with or without busy neighbours:
/// `merge` equal to one run byte for byte and every reproducibility claim rest on it.
///
/// Every preset is held to it, pyramids included: igzip's level 3 (`fast`, `default`, and
/// `best`'s pyramid tiles), stored blocks and libpng. igzip's levels 1 and 2 were not
/// repeatable in a render (docs/ARCHITECTURE.md); `make determinism` (Tests/stress_determinism.sh)
/// is the heavier check on a real model.
@Suite(.serialized) struct DeterministicOutputTests {
    /// Every output file (PNGs, pyramids, manifest, viewer) by relative path, with its bytes' FNV-1a.
    static func digests(_ folder: String) throws -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder), !isFolder.boolValue else { continue }
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in try Data(contentsOf: URL(fileURLWithPath: folder + "/" + path)) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            out[path] = hash
        }
        return out
    }

    /// Runs `weightatlas arguments...` with two busy-looping shells beside it on the same cores.
    static func runUnderLoad(_ arguments: [String]) throws -> Int32 {
        let busy = (0..<2).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "while :; do :; done"]
            return process
        }
        for process in busy { try process.run() }
        // SIGKILL: the test runner's blocked signals are inherited, SIGTERM may never arrive.
        defer { for process in busy { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() } }
        return try CLI.run(arguments).status
    }

    @Test(arguments: [("none", true), ("fast", true), ("default", true), ("best", true), ("best", false)])
    func rendersAreByteIdenticalOnAnyCoresAndLoad(_ preset: String, _ pyramids: Bool) throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/many.safetensors"
        try OutputSafetyTests.safetensors((0..<24).map { ("layer\($0)", 200 + 7 * $0, 640) }, at: input)
        let render = ["render", input, "--quiet", "--backend", "cpu", "--compression", preset] + (pyramids ? ["--dzi"] : []) + ["-o"]
        #expect(try CLI.run(render + [folder + "/quiet"]).status == 0)
        let reference = try Self.digests(folder + "/quiet")
        #expect(reference.keys.filter { $0.hasSuffix(".png") }.count >= (pyramids ? 24 * 4 : 24), "every image, pyramids with several tiles each")
        for run in 0..<2 {
            #expect(try Self.runUnderLoad(render + [folder + "/busy\(run)"]) == 0)
            #expect(try Self.digests(folder + "/busy\(run)") == reference, "\(preset): run \(run) beside busy processes")
        }
        // One core: one deflate worker, every strip and tile through one context.
        #expect(try CLI.run(render + [folder + "/one"], launcher: ["/usr/bin/taskset", "-c", "0"]).status == 0)
        #expect(try Self.digests(folder + "/one") == reference, "\(preset): on one core")
    }
}
