import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `--version`, "did you mean" for typos, and `inspect`'s table fitted to a width.
@Suite struct CommandLineTextTests {
    @Test(arguments: [["--version"], ["version"], ["-V"]])
    func versionPrintsTheLibraryConstant(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "weightatlas \(WeightAtlasVersion.string)\n")
        try OutputSnapshotTests.check(result.stdout.replacingOccurrences(of: WeightAtlasVersion.string, with: "X.Y.Z"),
                                      against: "version.txt")
    }

    @Test func versionIsSemantic() {
        let parts = WeightAtlasVersion.string.split(separator: ".")
        #expect(parts.count == 3 && parts.allSatisfy { Int($0) != nil })
    }

    @Test(arguments: [
        (["render", ExitCodeTests.sample, "-o", "out", "--input-shap", "3x8x8"], "unknown option --input-shap; did you mean --input-shape?"),
        (["render", ExitCodeTests.sample, "-o", "out", "--normalise", "minmax"], "did you mean --normalize?"),
        (["inspect", ExitCodeTests.sample, "--jsno"], "did you mean --json?"),
        (["zoo", "models", "-o", "out", "--junt", "j.xml"], "did you mean --junit?"),
        (["rendr", "x"], "unknown command 'rendr'; did you mean render?"),
        (["inpsect"], "did you mean inspect?"),
        (["--verison"], "did you mean --version?"),
    ])
    func typosSuggestTheNearestName(_ arguments: [String], _ expected: String) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test(arguments: [["render", ExitCodeTests.sample, "-o", "out", "--frobnicate"], ["xyzzy"]])
    func farFromEveryNameSuggestsNothing(_ arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2)
        #expect(!result.stderr.contains("did you mean"), "\(result.stderr)")
    }

    static let longNames = [
        ("model.encoder.layers.11.self_attention.query_key_value.weight", 24, 32),
        ("model.decoder.layers.3.cross_attention.output_projection.dense.weight", 16, 8),
        ("head", 4, 9),
    ]

    /// A model with long names, inspected at 80 columns and piped (full names).
    @Test func inspectFitsLongNamesToTheWidth() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/long.safetensors"
        try OutputSafetyTests.safetensors(Self.longNames, at: input)
        let fitted = try CLI.run(["inspect", input, "--width", "80", "--backend", "cpu"])
        #expect(fitted.status == 0, "\(fitted.stderr)")
        let lines = fitted.stdout.split(separator: "\n").dropFirst()
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(fitted.stdout)")
        #expect(fitted.stdout.contains("…") && fitted.stdout.contains("24x32") && fitted.stdout.contains("F32"))
        let wide = try CLI.run(["inspect", input, "--width", "160", "--backend", "cpu"])
        #expect(wide.stdout.contains("mean") && wide.stdout.contains("…") == false)
        try OutputSnapshotTests.check(fitted.stdout.replacingOccurrences(of: input, with: "long.safetensors"),
                                      against: "inspect-width-80.txt")
        let piped = try CLI.run(["inspect", input, "--backend", "cpu"], environment: ["COLUMNS": "80"])
        #expect(piped.status == 0)
        for (name, _, _) in Self.longNames { #expect(piped.stdout.contains(name)) }
        #expect(!piped.stdout.contains("…"))
    }

    /// On a terminal (a pty from util-linux `script`), COLUMNS sets the width.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script")))
    func onATerminalTheTableFitsColumns() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        let input = folder + "/long.safetensors"
        try OutputSafetyTests.safetensors(Self.longNames, at: input)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", "'\(CLI.binary)' inspect '\(input)' --backend cpu --quiet", "/dev/null"]
        process.environment = ProcessInfo.processInfo.environment.merging(["COLUMNS": "70"]) { $1 }
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        let rows = text.replacingOccurrences(of: "\r", with: "").split(separator: "\n").filter { $0.contains("F32") }
        #expect(rows.count == 3 && rows.allSatisfy { $0.count <= 70 } && rows.contains { $0.contains("…") }, "\(text)")
    }
}
