import Foundation

/// Runs the `weightatlas` binary as a child with its own working directory, measuring what
/// hostile-input tests bound: wall time, CPU time, peak resident memory (the child's VmHWM,
/// polled from /proc: wait4's ru_maxrss would also count the spawning test process after exec)
/// and stderr. A child that runs past `killAfter` seconds is killed.
struct ChildProcess {
    struct Outcome {
        var status: Int32
        var signal: Int32
        var stderr: String
        var wallSeconds: Double
        var cpuSeconds: Double
        var peakBytes: Int
        var killed: Bool
    }

    /// Spawns `weightatlas arguments...` in `directory` (stdout discarded, stderr captured).
    static func run(_ arguments: [String], in directory: String, environment: [String: String] = [:],
                    killAfter: Double = 20) -> Outcome {
        let errPath = directory + "/.stderr-\(UUID().uuidString)"
        defer { unlink(errPath) }
        // The shell only changes directory and execs: the child's pid, memory and time are the CLI's.
        let argv = (["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", directory, CLI.binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let start = Date()
        var pid: pid_t = 0
        guard posix_spawn(&pid, "/bin/sh", &actions, nil, argv, envp) == 0 else {
            return Outcome(status: -1, signal: 0, stderr: "spawn failed", wallSeconds: 0, cpuSeconds: 0, peakBytes: 0, killed: false)
        }
        let binary = URL(fileURLWithPath: CLI.binary).resolvingSymlinksInPath().path
        var status: Int32 = 0, peak = 0, killed = false
        var usage = rusage()
        while true {
            // Until the shell has exec'd the CLI, the child may still share the test process's
            // memory (posix_spawn clones with CLONE_VM), whose VmHWM is the test's: count only
            // samples taken once the child runs the CLI binary.
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == binary,
               let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peak = max(peak, kib * 1024)
            }
            if wait4(pid, &status, WNOHANG, &usage) == pid { break }
            if !killed && Date().timeIntervalSince(start) > killAfter {
                kill(pid, SIGKILL)
                killed = true
            }
            usleep(2_000)
        }
        let wall = Date().timeIntervalSince(start)
        let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        let exited = status & 0x7F == 0
        return Outcome(status: exited ? (status >> 8) & 0xFF : -1, signal: exited ? 0 : status & 0x7F,
                       stderr: stderr, wallSeconds: wall, cpuSeconds: cpu, peakBytes: peak, killed: killed)
    }
}
