import Foundation

/// Runs the built `weightatlas` binary, as a user would.
enum CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The binary under test: WEIGHTATLAS_CLI when set (the release build in `make test`),
    /// else the one beside the test bundle (the same build folder).
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["WEIGHTATLAS_CLI"], !path.isEmpty { return path }
        let folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("weightatlas").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return folder.appendingPathComponent("weightatlas").path
    }()

    /// Runs `weightatlas arguments...` and waits (with the environment plus `environment`);
    /// with `launcher` (`["/usr/bin/taskset", "-c", "0"]`), runs the binary through it.
    static func run(_ arguments: [String], environment: [String: String] = [:], launcher: [String] = []) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: launcher.first ?? binary)
        process.arguments = launcher.isEmpty ? arguments : Array(launcher.dropFirst()) + [binary] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// A fresh temporary folder, removed by the caller with `cleanup`.
    static func temporaryFolder() -> String {
        let path = NSTemporaryDirectory() + "weightatlas-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func cleanup(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}

extension CLI {
    /// Runs `weightatlas arguments...` and returns its exit status and peak resident memory in
    /// bytes (the child's own VmHWM: see `ChildProcess`).
    static func runMeasuringMemory(_ arguments: [String]) -> (status: Int32, peakBytes: Int) {
        let outcome = ChildProcess.run(arguments, in: NSTemporaryDirectory())
        return (outcome.status, outcome.peakBytes)
    }
}
