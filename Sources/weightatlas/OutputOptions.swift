import WeightAtlas

/// The options every command that writes an atlas shares: where, how compressed, how quiet.
enum OutputOptions {
    static let output = Option<String?>("--output", short: "-o", placeholder: "DIR", help: "output folder (created if missing)", .text)
    static let compression = Option<PNGCompression>(
        "--compression", placeholder: "LEVEL",
        help: "PNG compression: none | fast | default (igzip on all cores) | best (libpng, zlib 9)", .choice, default: .default)

    /// `-q`/`--quiet` with what it silences.
    static func quiet(_ what: String) -> Option<Bool> { .flag("--quiet", short: "-q", help: what) }

    /// The output folder, which `command` cannot run without.
    /// - Throws: `UsageError` "`command` needs -o DIR" when it is not given.
    static func folder(_ arguments: Arguments, for command: String) throws(UsageError) -> String {
        guard let folder = try arguments.value(output) else { throw UsageError(message: "\(command) needs -o DIR") }
        return folder
    }
}
