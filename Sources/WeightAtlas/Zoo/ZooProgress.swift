/// Progress of a zoo run, reported before and after each model.
public struct ZooProgress: Sendable {
    /// Models finished.
    public var done: Int
    /// Models in this run (this shard).
    public var total: Int
    /// The model being rendered, or the one just finished.
    public var model: String
    /// Seconds since the run started.
    public var elapsed: Double
    /// Bytes of the finished models' files.
    public var bytes: Int

    /// Models per second so far (0 before the first one).
    public var modelsPerSecond: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    /// Megabytes of model files per second so far.
    public var megabytesPerSecond: Double { elapsed > 0 ? Double(bytes) / 1e6 / elapsed : 0 }
}
