import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// A zoo folder someone else filled: a FIFO named like a model must not block the run, a
/// link leading out of the folder must not be rendered, a link looping back must not be
/// walked again; each is skipped with a warning and the other models are processed.
@Suite struct ZooWalkSafetyTests {
    static let models = Fixtures.root.appendingPathComponent("zoo/models").path

    /// A zoo folder holding two healthy models, `good.npy` and `sub/resnet.safetensors`.
    func zooFolder() throws -> String {
        let folder = CLI.temporaryFolder() + "/zoo"
        try FileManager.default.createDirectory(atPath: folder + "/sub", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.models + "/mlp/w.npy", toPath: folder + "/good.npy")
        try FileManager.default.copyItem(atPath: Self.models + "/good/resnet.safetensors", toPath: folder + "/sub/resnet.safetensors")
        return folder
    }

    /// Makes a Unix-domain socket at `path` (bound, then closed: the file stays).
    func makeSocket(_ path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        try #require(bytes.count < MemoryLayout.size(ofValue: address.sun_path))
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0)
    }

    @Test func theWalkSkipsWhatItMustNotOpenAndSaysSo() throws {
        let folder = try zooFolder()
        let outside = CLI.temporaryFolder()
        defer { CLI.cleanup((folder as NSString).deletingLastPathComponent); CLI.cleanup(outside) }
        try FileManager.default.copyItem(atPath: Self.models + "/mlp/w.npy", toPath: outside + "/private.npy")
        try #require(mkfifo(folder + "/stuck.onnx", 0o600) == 0)
        try makeSocket(folder + "/listening.safetensors")
        let manager = FileManager.default
        try manager.createSymbolicLink(atPath: folder + "/alias.npy", withDestinationPath: "good.npy")
        try manager.createSymbolicLink(atPath: folder + "/linked", withDestinationPath: "sub")
        try manager.createSymbolicLink(atPath: folder + "/private.npy", withDestinationPath: outside + "/private.npy")
        try manager.createSymbolicLink(atPath: folder + "/passwd.bin", withDestinationPath: "/etc/passwd")
        try manager.createSymbolicLink(atPath: folder + "/sub/loop", withDestinationPath: "..")
        try manager.createSymbolicLink(atPath: folder + "/gone.onnx", withDestinationPath: "nothing-here.onnx")
        var warnings: [String] = []
        let models = try ZooWalk.models(under: [folder], warn: { warnings.append($0) })
        #expect(models.map(\.path) == ["alias.npy", "good.npy", "linked/resnet.safetensors", "sub/resnet.safetensors"])
        let real = try #require(ModelFolder.realPath(folder))
        let outsideReal = try #require(ModelFolder.realPath(outside + "/private.npy"))
        #expect(warnings.sorted() == [
            "\(folder)/gone.onnx: a symbolic link to nothing: skipped",
            "\(folder)/linked/loop: a symbolic link back to '\(real)', a folder being walked: skipped",
            "\(folder)/listening.safetensors: a socket, not a regular file: skipped",
            "\(folder)/passwd.bin: a symbolic link to '/etc/passwd', outside the zoo folder \(real): skipped",
            "\(folder)/private.npy: a symbolic link to '\(outsideReal)', outside the zoo folder \(real): skipped",
            "\(folder)/stuck.onnx: a FIFO, not a regular file: skipped",
            "\(folder)/sub/loop: a symbolic link back to '\(real)', a folder being walked: skipped",
        ])
    }

    /// The whole command: the run completes at once, prints the warning the way the zoo
    /// prints warnings, and renders the other models.
    @Test func aZooRunWithAFIFOCompletesAndRendersTheRest() throws {
        let folder = try zooFolder()
        let root = (folder as NSString).deletingLastPathComponent
        defer { CLI.cleanup(root) }
        try #require(mkfifo(folder + "/stuck.onnx", 0o600) == 0)
        let result = ChildProcess.run(["zoo", folder, "-o", root + "/atlas", "--quiet", "--backend", "cpu"], in: root,
                                      killAfter: 20)
        #expect(!result.killed && result.wallSeconds < 15, "\(result.wallSeconds) s")
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("weightatlas: warning: \(folder)/stuck.onnx: a FIFO, not a regular file: skipped"),
                "\(result.stderr)")
        let document = try ZooDocument(contentsOf: root + "/atlas/zoo.json")
        #expect(document.models.map(\.path) == ["good.npy", "sub/resnet.safetensors"])
    }
}
