#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlas

/// Where the CLI writes: results to stdout, messages and progress to stderr.
enum Terminal {
    /// Prints lines to standard output, each escaped (`TerminalEscaping`): a name from a
    /// file can never start a line of its own or reach the terminal as a control sequence.
    static func out(_ lines: String...) { out(lines: lines) }

    /// Prints `lines` to standard output, each escaped.
    static func out(lines: [String]) { write(1, escaped(lines)) }

    /// Prints lines to standard error, each escaped: one error or warning is one line.
    static func error(_ lines: String...) { error(lines: lines) }

    /// Prints `lines` to standard error, each escaped.
    static func error(lines: [String]) { write(2, escaped(lines)) }

    /// Prints "weightatlas: warning: `message`" to standard error.
    static func warning(_ message: String) { error("weightatlas: warning: \(message)") }

    /// Our own multi-line text (help, tables built line by line), one escaped line per line.
    static func lines(_ text: String) -> [String] { text.components(separatedBy: "\n") }

    static func escaped(_ lines: [String]) -> String {
        lines.map { TerminalEscaping.escape($0) + "\n" }.joined()
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

    /// The width of the terminal on standard output: nil when stdout is not a terminal
    /// (piped output keeps every character for scripts); else `COLUMNS` when set to a
    /// positive number, else the window size (`ioctl(TIOCGWINSZ)`), else 80.
    static var outputColumns: Int? {
        guard isatty(1) != 0 else { return nil }
        if let text = getenv("COLUMNS").map({ String(cString: $0) }), let columns = Int(text), columns > 0 { return columns }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    /// `text` cut to `width` characters by replacing its middle with `…` (unchanged when it fits).
    static func middleShortened(_ text: String, to width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 1 else { return String(repeating: "…", count: max(0, width)) }
        let tail = (width - 1) / 2, head = width - 1 - tail
        return String(text.prefix(head)) + "…" + String(text.suffix(tail))
    }
}

/// A one-line progress display on a terminal; silent when piped or quiet.
struct ProgressLine {
    let enabled: Bool

    init(quiet: Bool) { enabled = !quiet && Terminal.isInteractive }

    func update(_ progress: AtlasProgress) {
        guard enabled else { return }
        let tensor = TerminalEscaping.escape(progress.tensor)
        let name = tensor.count > 50 ? "…" + tensor.suffix(49) : tensor
        Terminal.write(2, "\r\u{1B}[K[\(progress.done)/\(progress.total)] \(name)")
        if progress.done == progress.total { Terminal.write(2, "\r\u{1B}[K") }
    }
}
