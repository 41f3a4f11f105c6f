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
    /// Most tensors found: a checkpoint spends ~100 bytes of pickle on each (a rebuild call
    /// and its key), while containers shared through the memo multiply the paths to one.
    var tensors: Int
    /// Most bytes of tensor names in all. A name is its dotted path, so containers shared
    /// through the memo multiply long keys: a 17 KB pickle named 32,768 tensors 16 KiB each.
    /// Real checkpoints spend ~0.2 name bytes per pickle byte (tiny.pth 746 of 4,725 bytes,
    /// a TorchScript VAD 1,030 of 6,263).
    var tensorNameBytes: Int

    /// Caps for a pickle of `size` bytes.
    init(size: Int) {
        let bound = size + 16
        stack = min(bound, 1 << 24)
        memo = min(bound, 1 << 24)
        objects = min(bound, 1 << 24)
        tensors = min(size / 8 + 1024, 1 << 24)
        tensorNameBytes = min(16 * size + (1 << 20), 1 << 30)
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
