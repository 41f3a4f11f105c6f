/// A tensor as `_rebuild_tensor_v2` describes it: a view (offset, size, stride) of a storage.
struct TorchTensorRecord: Sendable, Equatable {
    /// The storage the tensor views.
    var storage: TorchStorageRef
    /// Element offset of the view in the storage.
    var storageOffset: Int
    /// Shape, outermost first.
    var shape: [Int]
    /// Element strides, one per dimension.
    var strides: [Int]
    /// File offset of the REDUCE that rebuilt it.
    var offset: Int
}
