/// The release of WeightAtlas: the one place its version number is written
/// (`weightatlas --version` prints it).
public enum WeightAtlasVersion {
    /// Semantic version, `MAJOR.MINOR.PATCH`.
    public static let string = "0.9.0"
}
