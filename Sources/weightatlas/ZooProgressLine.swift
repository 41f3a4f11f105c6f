import WeightAtlas

/// The zoo's one-line progress on a terminal: models done/total, the current model and the
/// throughput. Silent when stderr is not a terminal or with `--quiet`.
struct ZooProgressLine {
    let enabled: Bool

    init(quiet: Bool) { enabled = !quiet && Terminal.isInteractive }

    func update(_ progress: ZooProgress) {
        guard enabled else { return }
        let model = TerminalEscaping.escape(progress.model)
        let name = model.count > 50 ? "…" + model.suffix(49) : Substring(model)
        let rate = InspectCommand.number(progress.modelsPerSecond) + " models/s, " + InspectCommand.number(progress.megabytesPerSecond) + " MB/s"
        Terminal.write(2, "\r\u{1B}[K[\(progress.done)/\(progress.total)] \(name)  \(rate)")
        if progress.done == progress.total { Terminal.write(2, "\r\u{1B}[K") }
    }
}
