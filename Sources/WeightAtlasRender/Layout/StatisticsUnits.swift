/// The runs of canonical values statistics are kept for: filters (dead-filter counting),
/// normalisation groups (parameters) and, for the viewer, tiles. Each length divides the
/// longer ones, so segments of the shortest lie in exactly one of each.
public struct StatisticsUnits: Sendable, Equatable {
    /// Values per filter.
    public var filter: Int
    /// Values per normalisation group.
    public var group: Int
    /// Values per tile, when per-tile statistics are wanted.
    public var tile: Int?

    /// Units of the given lengths.
    public init(filter: Int, group: Int, tile: Int? = nil) {
        self.filter = max(1, filter)
        self.group = max(1, group)
        self.tile = tile.map { max(1, $0) }
    }

    /// The reduce segment: the shortest unit.
    public var segment: Int { min(filter, group, tile ?? .max) }
}
