/// Caps on what one pickle may build. Each is the smaller of a fixed ceiling and a bound
/// from the pickle's own size (every object, memo entry and stack slot costs an opcode byte).
struct PickleLimits: Sendable {
    /// Deepest MARK nesting (the pickler emits one per container level).
    var markDepth = 256
    /// Deepest tuple nesting, and deepest object nesting when tensors are collected.
    var nesting = 256
    /// Most values on the stack.
    var stack: Int
    /// Most memo entries.
    var memo: Int
    /// Most heap objects (lists, dicts, instances) and items across containers.
    var objects: Int

    /// Caps for a pickle of `size` bytes.
    init(size: Int) {
        let bound = size + 16
        stack = min(bound, 1 << 24)
        memo = min(bound, 1 << 24)
        objects = min(bound, 1 << 24)
    }
}

/// What running a pickle produced.
struct PickleResult: Sendable {
    /// The value STOP returned.
    var root: PickleValue
    /// Lists, dicts and instances that `root` refers to.
    var heap: [PickleObject]
    /// Every storage a persistent id named, in order.
    var storages: [TorchStorageRef]
    /// Offset just past STOP, relative to the pickle's start.
    var end: Int
}
