import WeightAtlas

/// The options every command that writes an atlas shares: where, how compressed, how quiet.
enum OutputOptions {
    static let output = OptionSpec(name: "--output", short: "-o", placeholder: "DIR", help: "output folder (created if missing)")
    static let compression = OptionSpec(name: "--compression", placeholder: "LEVEL",
                                        help: "PNG compression: none | fast | default (igzip on all cores) | best (libpng, zlib 9)")

    /// `-q`/`--quiet` with what it silences.
    static func quiet(_ what: String) -> OptionSpec {
        OptionSpec(name: "--quiet", short: "-q", takesValue: false, help: what)
    }

    /// The `--compression` preset (default: `default`).
    static func compression(_ arguments: Arguments) throws(UsageError) -> PNGCompression {
        try arguments.choice("--compression", PNGCompression.self) ?? .default
    }
}
