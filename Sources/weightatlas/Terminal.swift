#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlas

/// Where the CLI writes: results to stdout, messages and progress to stderr.
enum Terminal {
    /// Prints a line to standard output.
    static func out(_ text: String) {
        write(1, text + "\n")
    }

    /// Prints a line to standard error.
    static func error(_ text: String) {
        write(2, text + "\n")
    }

    /// Writes all of `text` to file descriptor `fd` (calls `write` until done).
    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// True when standard error is a terminal (progress is shown only there).
    static var isInteractive: Bool { isatty(2) != 0 }
}

/// A one-line progress display on a terminal; silent when piped or quiet.
struct ProgressLine {
    let enabled: Bool

    init(quiet: Bool) { enabled = !quiet && Terminal.isInteractive }

    func update(_ progress: AtlasProgress) {
        guard enabled else { return }
        let name = progress.tensor.count > 50 ? "…" + progress.tensor.suffix(49) : progress.tensor
        Terminal.write(2, "\r\u{1B}[K[\(progress.done)/\(progress.total)] \(name)")
        if progress.done == progress.total { Terminal.write(2, "\r\u{1B}[K") }
    }
}
