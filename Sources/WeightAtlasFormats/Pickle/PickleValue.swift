/// A value on the pickle machine's stack. Mutable containers (lists, dicts, instances) live
/// in the machine's heap and are referred to by index, so the memo shares them as Python does.
indirect enum PickleValue: Sendable {
    /// `None`.
    case none
    /// `True` / `False`.
    case bool(Bool)
    /// An integer that fits Int.
    case int(Int)
    /// An integer beyond Int: its little-endian two's-complement bytes (LONG1/LONG4).
    case bigInt([UInt8])
    /// A float.
    case float(Double)
    /// A str (or a Python 2 str read as Latin-1).
    case string(String)
    /// bytes / bytearray: their byte count only (values are never needed).
    case bytes(count: Int)
    /// A tuple, with its nesting depth (1 + the deepest tuple inside).
    case tuple([PickleValue], depth: Int)
    /// A list, dict or instance in the heap.
    case ref(Int)
    /// An allow-listed global.
    case global(PickleGlobal)
    /// A storage from a persistent id.
    case storage(TorchStorageRef)
    /// A tensor rebuilt from a storage (nothing read yet).
    case tensor(TorchTensorRecord)

    /// A tuple of `items`, its depth computed from theirs.
    static func makeTuple(_ items: [PickleValue]) -> PickleValue {
        var deepest = 0
        for case .tuple(_, let depth) in items { deepest = max(deepest, depth) }
        return .tuple(items, depth: deepest + 1)
    }

    /// Nesting depth of tuples (0 for everything else).
    var depth: Int {
        if case .tuple(_, let depth) = self { return depth }
        return 0
    }

    /// A short description for errors.
    var typeName: String {
        switch self {
        case .none: "None"
        case .bool: "bool"
        case .int, .bigInt: "int"
        case .float: "float"
        case .string(let text): "str '\(text.prefix(40))'"
        case .bytes: "bytes"
        case .tuple: "tuple"
        case .ref: "object"
        case .global(let global): global.qualifiedName
        case .storage: "storage"
        case .tensor: "tensor"
        }
    }
}

/// A mutable pickle object, kept in the machine's heap.
enum PickleObject: Sendable {
    /// A list (also sets and frozensets).
    case list([PickleValue])
    /// A dict (also OrderedDict), items in insertion order.
    case dict([(key: PickleValue, value: PickleValue)])
    /// An instance of a TorchScript class and the state BUILD gave it.
    case instance(className: String, state: PickleValue?)
    /// What a stand-in's call or NEWOBJ made: the arguments, the state BUILD gave it, and
    /// the items SETITEM(S) and APPEND(S) added (an omegaconf container, a defaultdict).
    case standIn(StandIn)
}

/// An object made by a stand-in global: a record of what the pickle did to it.
struct StandIn: Sendable {
    /// `module.name` of the global (with `()` per call of an instance).
    var className: String
    /// The call's or NEWOBJ's arguments.
    var arguments: [PickleValue]
    /// BUILD's state (the last one given).
    var state: PickleValue?
    /// SETITEM(S) items.
    var entries: [(key: PickleValue, value: PickleValue)] = []
    /// APPEND(S) elements.
    var elements: [PickleValue] = []
}
