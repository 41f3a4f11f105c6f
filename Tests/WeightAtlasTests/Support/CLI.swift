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

    /// Runs `weightatlas arguments...` and waits (with the environment plus `environment`).
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
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
    /// Runs `weightatlas arguments...` with output discarded and returns its exit status and
    /// peak resident memory in bytes: the child's VmHWM from /proc, polled until it exits.
    /// (wait4's ru_maxrss would not do: after posix_spawn's exec it also counts the memory of
    /// the test process that spawned the child.)
    static func runMeasuringMemory(_ arguments: [String]) -> (status: Int32, peakBytes: Int) {
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0, peak = 0
        while true {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kib * 1024)
            }
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(5_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }
}
