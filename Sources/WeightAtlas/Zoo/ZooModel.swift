/// One model of a zoo: where it is read from, the name it goes by, and its output folder.
public struct ZooModel: Sendable, Equatable {
    /// The path relative to the directory it was found in (or as listed): its name in zoo.json,
    /// the key of shard selection and of the baseline. Never absolute for a walked directory.
    public var path: String
    /// Where to open it (a file, or a folder of shards).
    public var location: String
    /// Its folder inside the output: derived from `path`, unique within the zoo.
    public var folder: String

    /// A model named `path`, read from `location`, written to `folder`.
    public init(path: String, location: String, folder: String = "") {
        self.path = path
        self.location = location
        self.folder = folder
    }
}
