/// Finds the tensors in a pickled object and names each by its dotted path: dict keys,
/// list and tuple indices as numbers, TorchScript instances and stand-ins by their state's
/// keys (a stand-in's call arguments and appended elements by position, its items by key)
/// (`state_dict.encoder.conv1.weight`, `optimizer_states.0.state.3.exp_avg`).
struct TorchTensorCollector {
    /// A tensor found, with its name.
    typealias Found = (name: String, record: TorchTensorRecord)

    private let heap: [PickleObject]
    private let limits: PickleLimits
    private let format: String
    /// File offset of the pickle, for errors that have no opcode of their own.
    private let offset: Int
    private var found: [Found] = []
    private var nameBytes = 0
    private var visits = 0
    private var onPath: Set<Int> = []

    /// The tensors reachable from `result.root`, in pickle order, their names prefixed by `prefix`.
    /// A tensor at the root itself is named `prefix`, or `tensor` without one.
    /// - Throws: `FormatError` `.pickleLimit` for nesting deeper than the cap, more visits
    ///   than objects allow, more tensors or tensor-name bytes than the pickle's size allows
    ///   (shared containers multiplying paths); `.malformedPickle` for two
    ///   tensors with one name (a key repeated, or `a.b` next to `a` → `b`).
    static func collect(_ result: PickleResult, prefix: String?, format: String, offset: Int,
                        limits: PickleLimits) throws(FormatError) -> [Found] {
        var collector = TorchTensorCollector(heap: result.heap, limits: limits, format: format, offset: offset)
        try collector.walk(result.root, path: prefix.map { [$0] } ?? [], depth: 0)
        var names: Set<String> = []
        for (name, record) in collector.found where !names.insert(name).inserted {
            throw FormatError(format: format, kind: .malformedPickle("two tensors named '\(name)'"),
                              tensor: name, offset: record.offset)
        }
        return collector.found
    }

    private init(heap: [PickleObject], limits: PickleLimits, format: String, offset: Int) {
        self.heap = heap
        self.limits = limits
        self.format = format
        self.offset = offset
    }

    private mutating func walk(_ value: PickleValue, path: [String], depth: Int) throws(FormatError) {
        visits += 1
        let visitCap = min(4 * limits.objects + 1024, 1 << 24)
        guard visits <= visitCap else {
            throw FormatError(format: format, kind: .pickleLimit("objects visited", limit: visitCap), offset: offset)
        }
        guard depth <= limits.nesting else {
            throw FormatError(format: format, kind: .pickleLimit("object nesting", limit: limits.nesting), offset: offset)
        }
        switch value {
        case .tensor(let record):
            try admit(path, record)
            found.append((path.isEmpty ? "tensor" : path.joined(separator: "."), record))
        case .tuple(let items, _):
            for (index, item) in items.enumerated() { try walk(item, path: path + [String(index)], depth: depth + 1) }
        case .ref(let index):
            // A container that contains itself is walked once per path, never into itself.
            guard onPath.insert(index).inserted else { return }
            defer { onPath.remove(index) }
            try walkObject(heap[index], path: path, depth: depth)
        default:
            break
        }
    }

    /// Counts a tensor at `path` against the caps, before its name is joined.
    private mutating func admit(_ path: [String], _ record: TorchTensorRecord) throws(FormatError) {
        guard found.count < limits.tensors else {
            throw FormatError(format: format, kind: .pickleLimit("tensor count", limit: limits.tensors), offset: record.offset)
        }
        nameBytes += path.reduce(max(0, path.count - 1)) { $0 + $1.utf8.count }
        guard nameBytes <= limits.tensorNameBytes else {
            throw FormatError(format: format, kind: .pickleLimit("tensor-name bytes", limit: limits.tensorNameBytes),
                              offset: record.offset)
        }
    }

    private mutating func walkObject(_ object: PickleObject, path: [String], depth: Int) throws(FormatError) {
        switch object {
        case .list(let items):
            for (index, item) in items.enumerated() { try walk(item, path: path + [String(index)], depth: depth + 1) }
        case .dict(let entries):
            for (index, entry) in entries.enumerated() {
                try walk(entry.value, path: path + [Self.keyName(entry.key, index: index)], depth: depth + 1)
            }
        case .instance(_, let state):
            if let state { try walk(state, path: path, depth: depth + 1) }
        case .standIn(let made):
            // Arguments and elements by position, items by key, state in place (as an instance's).
            for (index, item) in (made.arguments + made.elements).enumerated() {
                try walk(item, path: path + [String(index)], depth: depth + 1)
            }
            for (index, entry) in made.entries.enumerated() {
                try walk(entry.value, path: path + [Self.keyName(entry.key, index: index)], depth: depth + 1)
            }
            if let state = made.state { try walk(state, path: path, depth: depth + 1) }
        }
    }

    /// A dict key as a name component: strings as they are, numbers in decimal.
    private static func keyName(_ key: PickleValue, index: Int) -> String {
        switch key {
        case .string(let text): text
        case .int(let number): String(number)
        case .bool(let flag): flag ? "True" : "False"
        case .float(let number): String(number)
        case .none: "None"
        default: "key\(index)"
        }
    }
}
