import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Node.js, which parses the pages' scripts (`node --check`). `make test` installs Debian's
/// nodejs; without it the parse tests are skipped, loudly, except on CI (CI=true), where
/// they run and fail saying why.
enum Node {
    /// The first node on PATH.
    static let path: String? = ["node", "nodejs"].lazy.compactMap { name in
        (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }.first

    /// Whether the parse tests run: node exists, or CI demands that they do.
    static var shouldRun: Bool { path != nil || ParityEnvironment.isCI }

    /// `node --check` on `script` written to a temporary .js file: the exit status and stderr.
    static func check(_ script: String) throws -> (status: Int32, stderr: String) {
        let node = try #require(path, "CI=true but no node on PATH, so the viewer's scripts cannot be parsed (make test installs nodejs)")
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let file = folder + "/script.js"
        try Data(script.utf8).write(to: URL(fileURLWithPath: file))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: node)
        process.arguments = ["--check", file]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stderr, as: UTF8.self))
    }
}

/// The pages' script and style come from the top-level `Viewer/` folder, embedded at build
/// time by the EmbedKernels plugin (`EmbeddedViewer`): the embedded text is each file's,
/// byte for byte, and each script, as the page inserts it, parses.
struct EmbeddedViewerTests {
    static let folder = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Viewer")

    /// Every embedded constant, by file name.
    static let embedded: [String: String] = [
        "viewer.js": EmbeddedViewer.viewerJS, "viewer.css": EmbeddedViewer.viewerCSS, "zoo-selftest.js": EmbeddedViewer.zooSelftestJS,
    ]

    @Test func embeddedTextIsEachFileByteForByte() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path)
            .filter { $0.hasSuffix(".js") || $0.hasSuffix(".css") }
        #expect(Set(files) == Set(Self.embedded.keys), "Viewer/ holds \(files.sorted()); this test knows \(Self.embedded.keys.sorted())")
        for (name, text) in Self.embedded {
            let bytes = try Data(contentsOf: Self.folder.appendingPathComponent(name))
            #expect(Data(text.utf8) == bytes, "\(name): embedded \(text.utf8.count) bytes, file \(bytes.count)")
        }
    }

    @Test func pagesInsertEachFileLessItsFinalNewline() {
        #expect(ViewerPage.script + "\n" == EmbeddedViewer.viewerJS)
        #expect(ViewerPage.style + "\n" == EmbeddedViewer.viewerCSS)
        #expect(ZooIndexPage.selftestScript + "\n" == EmbeddedViewer.zooSelftestJS)
    }

    /// Each script as its page inserts it, by file name.
    static let inserted = ["viewer.js": ViewerPage.script, "zoo-selftest.js": ZooIndexPage.selftestScript]

    @Test(.enabled(if: Node.shouldRun, "SKIPPED LOUDLY: no node on PATH (make test installs nodejs; CI=true makes this a failure)"),
          arguments: ["viewer.js", "zoo-selftest.js"])
    func scriptParses(name: String) throws {
        let (status, stderr) = try Node.check(try #require(Self.inserted[name]))
        #expect(status == 0, "node --check \(name): \(stderr)")
    }

    /// The check is not vacuous: a script with a syntax error fails it.
    @Test(.enabled(if: Node.shouldRun, "SKIPPED LOUDLY: no node on PATH (make test installs nodejs; CI=true makes this a failure)"))
    func brokenScriptFailsTheCheck() throws {
        let (status, stderr) = try Node.check(ViewerPage.script + "\nfunction (")
        #expect(status != 0 && stderr.contains("SyntaxError"), "status \(status): \(stderr)")
    }
}
