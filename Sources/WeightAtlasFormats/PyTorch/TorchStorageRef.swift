import WeightAtlasTensor

/// A storage named by a pickle's persistent id:
/// `('storage', storage_type, key, location, numel[, view_metadata])`.
struct TorchStorageRef: Sendable, Equatable {
    /// The storage class or dtype global, for errors (`torch.FloatStorage`).
    var typeName: String
    /// Element type; nil when this reader cannot show it.
    var dtype: DType?
    /// The storage's key: its member name under `data/` or its place in a legacy file.
    var key: String
    /// Elements the pickle says the storage holds.
    var numel: Int
    /// Legacy view storages: the view's first element in the root storage and its length.
    var view: (offset: Int, count: Int)?
    /// File offset of the BINPERSID opcode.
    var offset: Int

    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.typeName == rhs.typeName && lhs.dtype == rhs.dtype && lhs.key == rhs.key && lhs.numel == rhs.numel
            && lhs.view?.offset == rhs.view?.offset && lhs.view?.count == rhs.view?.count && lhs.offset == rhs.offset
    }
}
