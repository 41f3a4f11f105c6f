import Foundation

/// `weightatlas render` as a child process: the whole process, as a user runs it, timed
/// from spawn to exit, with the child's own peak RSS (VmHWM of /proc/PID/status, polled
/// while it runs: wait4's ru_maxrss would also count the bench itself, which the child
/// inherits until exec).
struct ProcessBench {
    /// The CLI beside the bench binary.
    static let cli = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("weightatlas").path

    struct Run {
        let status: Int32
        let seconds: Double
        let peakBytes: Int
        /// Bytes of the largest PNG written (the tensor's image).
        let pngBytes: Int
        /// Width × height × channels summed over every PNG written.
        let pixelBytes: Int
    }

    /// Renders `input` into a fresh folder under `work` on `backend`, then removes the folder.
    static func render(_ input: String, backend: String, arguments: [String], work: String) -> Run {
        let output = work + "/out-\(getpid())-\(backend)"
        try? FileManager.default.removeItem(atPath: output)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let start = DispatchTime.now().uptimeNanoseconds
        let (status, peak) = spawn(cli, ["render", input, "-o", output, "--backend", backend, "--quiet"] + arguments)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let files = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
        let png = files.filter { $0.hasSuffix(".png") }
            .map { (try? FileManager.default.attributesOfItem(atPath: output + "/" + $0)[.size] as? Int) ?? 0 }.max() ?? 0
        let pixels = files.filter { $0.hasSuffix(".png") }.map { pixelBytes(ofPNG: output + "/" + $0) }.reduce(0, +)
        return Run(status: status, seconds: seconds, peakBytes: peak, pngBytes: png, pixelBytes: pixels)
    }

    /// Width × height × channels from a PNG's IHDR (8-bit images: the colour type gives the
    /// channels); 0 when the file is no PNG.
    static func pixelBytes(ofPNG path: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 0 }
        defer { try? handle.close() }
        let header = [UInt8](handle.readData(ofLength: 26))
        guard header.count == 26, header[12..<16].elementsEqual("IHDR".utf8) else { return 0 }
        func word(_ at: Int) -> Int { header[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(header[25])] ?? 0
        return word(16) * word(20) * channels * max(1, Int(header[24]) / 8)
    }

    /// Runs `path arguments…` with stdout and stderr to /dev/null; returns its exit status
    /// and its peak resident set in bytes.
    static func spawn(_ path: String, _ arguments: [String]) -> (Int32, Int) {
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid: pid_t = 0
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return (-1, 0) }
        var status: Int32 = 0, peak = 0
        let statusPath = "/proc/\(pid)/status"
        while true {
            peak = max(peak, highWaterMark(statusPath))
            if waitpid(pid, &status, WNOHANG) == pid { break }
            usleep(2_000)
        }
        return ((status >> 8) & 0xFF, peak)
    }

    /// VmHWM of a /proc status file, in bytes (0 when unreadable).
    static func highWaterMark(_ path: String) -> Int {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return 0 }
        let text = String(decoding: buffer[0..<n], as: UTF8.self)
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }
}
