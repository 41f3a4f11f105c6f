import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Files a model names (ONNX external data, index shards) must resolve, symbolic links
/// followed, to regular files inside the model's folder, and nothing may block on a FIFO:
/// each case runs `weightatlas render` as a user would (Tests/Fixtures/hostile-paths, from
/// make_hostile_paths.py, copied into temporary folders where FIFOs and links are made).
@Suite struct PathContainmentTests {
    /// A model of hostile-paths and the file it names (`inside.bin`: 24 bytes of tensor `w`).
    struct Model: CustomTestStringConvertible, Sendable {
        var file: String
        var named: String
        var blob: String
        var testDescription: String { file }
    }

    static let folder = Fixtures.root.appendingPathComponent("hostile-paths").path
    static let models = [
        Model(file: "inside-external.onnx", named: "inside.bin", blob: "w.bin"),
        Model(file: "inside-shard.safetensors.index.json", named: "inside.safetensors", blob: "w.safetensors"),
    ]
    /// Wall seconds a refusal may take (a FIFO opened blocking would never return; the child
    /// is killed at `killAfter`).
    static let fast = 4.0, killAfter = 10.0

    /// A temporary model folder holding `model` and `blobs/BLOB`, with `model.named` not yet made.
    func modelFolder(_ model: Model) throws -> String {
        let folder = CLI.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/blobs", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.folder + "/" + model.file, toPath: folder + "/" + model.file)
        try FileManager.default.copyItem(atPath: Self.folder + "/blobs/" + model.blob, toPath: folder + "/blobs/" + model.blob)
        return folder
    }

    /// `weightatlas render PATH -o atlas --quiet --backend cpu` in a fresh folder.
    func render(_ path: String) -> ChildProcess.Outcome {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        return ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: out,
                                killAfter: Self.killAfter)
    }

    /// Asserts exit 3, fast, with the kind's sentence, the file, the tensor and the entry's offset.
    func expectRefused(_ result: ChildProcess.Outcome, path: String, sentence: String,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.killed && result.wallSeconds < Self.fast, "\(result.wallSeconds) s", sourceLocation: sourceLocation)
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)", sourceLocation: sourceLocation)
        for part in [path, sentence, "tensor 'w'", "at byte"] {
            #expect(result.stderr.contains(part), "no \(part) in: \(result.stderr)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: models)
    func aFIFOTheModelNamesIsRefusedWithoutBlocking(_ model: Model) throws {
        let folder = try modelFolder(model)
        defer { CLI.cleanup(folder) }
        try #require(mkfifo(folder + "/" + model.named, 0o600) == 0)
        expectRefused(render(folder + "/" + model.file), path: folder + "/" + model.file,
                      sentence: "'\(model.named)' is not a regular file (a FIFO)")
    }

    @Test(arguments: models)
    func aLinkIntoAnotherFolderIsRefused(_ model: Model) throws {
        let folder = try modelFolder(model)
        let outside = CLI.temporaryFolder()
        defer { CLI.cleanup(folder); CLI.cleanup(outside) }
        try FileManager.default.copyItem(atPath: folder + "/blobs/" + model.blob, toPath: outside + "/secret")
        let relative = "../" + (outside as NSString).lastPathComponent + "/secret"
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + model.named, withDestinationPath: relative)
        let real = try #require(ModelFolder.realPath(outside + "/secret"))
        expectRefused(render(folder + "/" + model.file), path: folder + "/" + model.file,
                      sentence: "path '\(model.named)' resolves to '\(real)', outside the model's folder")
    }

    @Test(arguments: models)
    func aLinkToEtcPasswdIsRefused(_ model: Model) throws {
        let folder = try modelFolder(model)
        defer { CLI.cleanup(folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + model.named, withDestinationPath: "/etc/passwd")
        expectRefused(render(folder + "/" + model.file), path: folder + "/" + model.file,
                      sentence: "path '\(model.named)' resolves to '/etc/passwd', outside the model's folder")
    }

    @Test(arguments: models)
    func aLinkThatStaysInTheFolderIsFollowed(_ model: Model) throws {
        let folder = try modelFolder(model)
        defer { CLI.cleanup(folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/" + model.named, withDestinationPath: "blobs/" + model.blob)
        let file = try WeightFiles.open(folder + "/" + model.file)
        #expect(file.tensors.map(\.name) == ["w"])
        let values = try file.bytes(of: file.tensors[0]).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        #expect(values == [1, 2, 3, 4, 5, 6])
        let result = render(folder + "/" + model.file)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The Hugging Face cache's layout: the user names `snapshots/REV/MODEL`, a link into
    /// `blobs/`, and the files it names are links into `blobs/` too. The user chose the link,
    /// so the real folder of the model is the model's folder as well.
    @Test(arguments: models)
    func aModelTheUserNamesThroughALinkReadsFilesBesideItsTarget(_ model: Model) throws {
        let folder = try modelFolder(model)
        defer { CLI.cleanup(folder) }
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder + "/snapshots/rev", withIntermediateDirectories: true)
        try manager.moveItem(atPath: folder + "/" + model.file, toPath: folder + "/blobs/model")
        try manager.createSymbolicLink(atPath: folder + "/snapshots/rev/" + model.file, withDestinationPath: "../../blobs/model")
        try manager.createSymbolicLink(atPath: folder + "/snapshots/rev/" + model.named, withDestinationPath: "../../blobs/" + model.blob)
        let result = render(folder + "/snapshots/rev/" + model.file)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The committed links: to /etc/passwd and to a weight file in Tests/Fixtures/valid are
    /// refused, the ones into blobs/ followed.
    @Test(arguments: [("passwd-external.onnx", "path 'passwd.bin' resolves to '/etc/passwd', outside the model's folder"),
                      ("passwd-shard.safetensors.index.json",
                       "path 'passwd.safetensors' resolves to '/etc/passwd', outside the model's folder"),
                      ("outside-external.onnx", "/valid/f4.npy', outside the model's folder"),
                      ("outside-shard.safetensors.index.json", "/valid/bf16.safetensors', outside the model's folder")])
    func committedEscapesAreRefused(_ name: String, _ sentence: String) {
        let path = Self.folder + "/" + name
        expectRefused(render(path), path: path, sentence: sentence)
    }

    @Test(arguments: ["inside-external.onnx", "inside-shard.safetensors.index.json"])
    func committedLinksInsideTheFolderAreFollowed(_ name: String) throws {
        let result = render(Self.folder + "/" + name)
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// The file the user names may be a link (their choice), but never a FIFO: refused unopened.
    @Test func aFIFOTheUserNamesIsRefusedWithoutBlocking() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try #require(mkfifo(folder + "/model.onnx", 0o600) == 0)
        let result = render(folder + "/model.onnx")
        #expect(!result.killed && result.wallSeconds < Self.fast, "\(result.wallSeconds) s")
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("'\(folder)/model.onnx' is not a regular file (a FIFO)"), "\(result.stderr)")
    }
}
