/// GLOBAL, REDUCE, NEWOBJ, BUILD and BINPERSID: interpreted for the allow-list, recorded for
/// stand-ins, never executed.
extension PickleMachine {
    /// Pushes the global `module.name`: allow-listed, or a stand-in.
    /// - Throws: `.unsafePickle(global:)` for a global the deny list refuses.
    mutating func pushGlobal(module: String, name: String) throws(FormatError) {
        guard let global = PickleGlobal.resolve(module: module, name: name) else {
            throw fail(.unsafePickle(global: "\(module).\(name)"))
        }
        push(.global(global))
    }

    /// REDUCE: `callable(*args)` for the allow-listed callables.
    mutating func reduce() throws(FormatError) {
        let arguments = try pop(), callable = try pop()
        guard case .tuple(let args, _) = arguments else {
            throw fail(.malformedPickle("REDUCE arguments are \(arguments.typeName), not a tuple"))
        }
        if case .ref(let index) = callable, case .standIn(let made) = heap[index] {
            push(newObject(.standIn(StandIn(className: made.className + "()", arguments: args))))
            return try count(1)
        }
        guard case .global(let global) = callable else { throw fail(.unsafeCall(callable.typeName)) }
        push(try call(global, args))
    }

    /// The value of calling `global` with `args`.
    private mutating func call(_ global: PickleGlobal, _ args: [PickleValue]) throws(FormatError) -> PickleValue {
        switch global {
        case .orderedDict:
            guard let items = args.first else { return newObject(.dict([])) }
            return newObject(.dict(try pairsOf(items)))
        case .rebuildTensorV2, .rebuildTensor:
            return .tensor(try rebuildTensor(args))
        case .rebuildParameter, .rebuildParameterWithState:
            guard case .tensor = args.first else { throw fail(.malformedPickle("\(global.qualifiedName) of a non-tensor")) }
            return args[0]
        case .rebuildFromTypeV2:
            guard args.count == 4, case .global(let function) = args[0], case .global(.tensorClass) = args[1],
                  case .tuple(let inner, _) = args[2], function == .rebuildTensorV2 || function == .rebuildTensor
                    || function == .rebuildParameter else {
                throw fail(.unsafeCall("torch._tensor._rebuild_from_type_v2 with other than a tensor rebuild"))
            }
            return try call(function, inner)
        case .torchSize:
            return args.first ?? .makeTuple([])
        case .set:
            guard let iterable = args.first else { return newObject(.list([])) }
            return newObject(.list(try elements(of: iterable)))
        case .restoreTypeTag:
            guard let value = args.first else { throw fail(.malformedPickle("restore_type_tag without a value")) }
            return value
        case .buildList:
            guard let list = args.first, args.count == 1 else { throw fail(.malformedPickle("\(global.qualifiedName) needs one list")) }
            return list
        case .standIn(let name):
            try count(1)
            return newObject(.standIn(StandIn(className: name, arguments: args)))
        case .tensorClass, .storageClass, .dtype, .scriptClass:
            throw fail(.unsafeCall(global.qualifiedName))
        }
    }

    /// `_rebuild_tensor_v2(storage, storage_offset, size, stride, …)` as a record.
    private func rebuildTensor(_ args: [PickleValue]) throws(FormatError) -> TorchTensorRecord {
        guard args.count >= 4, case .storage(let storage) = args[0], case .int(let offset) = args[1] else {
            throw fail(.malformedPickle("tensor rebuild needs (storage, offset, size, stride, …)"))
        }
        let shape = try integers(args[2], "size"), strides = try integers(args[3], "stride")
        guard shape.count == strides.count else {
            throw fail(.malformedPickle("size has \(shape.count) dimensions, stride \(strides.count)"))
        }
        return TorchTensorRecord(storage: storage, storageOffset: offset, shape: shape, strides: strides,
                                 offset: base + opcodeStart)
    }

    /// A tuple (or list) of ints.
    private func integers(_ value: PickleValue, _ what: String) throws(FormatError) -> [Int] {
        var result: [Int] = []
        for element in try elements(of: value) {
            guard case .int(let number) = element else { throw fail(.malformedPickle("\(what) holds \(element.typeName)")) }
            result.append(number)
        }
        return result
    }

    /// The elements of a tuple or a heap list.
    private func elements(of value: PickleValue) throws(FormatError) -> [PickleValue] {
        switch value {
        case .tuple(let items, _): return items
        case .ref(let index): if case .list(let items) = heap[index] { return items }
        default: break
        }
        throw fail(.malformedPickle("expected a tuple or list, found \(value.typeName)"))
    }

    /// The key–value pairs of an iterable of 2-tuples (OrderedDict's argument).
    private func pairsOf(_ value: PickleValue) throws(FormatError) -> [(key: PickleValue, value: PickleValue)] {
        var result: [(key: PickleValue, value: PickleValue)] = []
        for element in try elements(of: value) {
            guard case .tuple(let pair, _) = element, pair.count == 2 else {
                throw fail(.malformedPickle("OrderedDict items must be pairs"))
            }
            result.append((pair[0], pair[1]))
        }
        return result
    }

    /// NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args)` for TorchScript classes and OrderedDict.
    mutating func newObject(keywords: Bool) throws(FormatError) {
        let keywordArguments = keywords ? try pop() : nil
        let arguments = try pop(), cls = try pop()
        guard case .tuple(let args, _) = arguments else { throw fail(.malformedPickle("NEWOBJ arguments are not a tuple")) }
        switch cls {
        case .global(.scriptClass(let name)): push(newObject(.instance(className: name, state: nil)))
        case .global(.standIn(let name)):
            push(newObject(.standIn(StandIn(className: name, arguments: args + (keywordArguments.map { [$0] } ?? [])))))
        case .global(.orderedDict): push(newObject(.dict([])))
        default: throw fail(.unsafeCall("\(cls.typeName).__new__"))
        }
        try count(1)
    }

    /// BUILD: an instance or a stand-in takes the state as its contents; a dict's attributes
    /// (OrderedDict's `_metadata`) are not items and are dropped; anything else is refused.
    mutating func build() throws(FormatError) {
        let state = try pop()
        let target = try peek()
        guard case .ref(let index) = target else { throw fail(.unsafeCall("BUILD on \(target.typeName)")) }
        switch heap[index] {
        case .instance(let name, nil): heap[index] = .instance(className: name, state: state)
        case .instance: throw fail(.malformedPickle("BUILD twice on one instance"))
        case .standIn(var made):
            made.state = state
            heap[index] = .standIn(made)
        case .dict: break
        case .list: throw fail(.unsafeCall("BUILD on a list"))
        }
    }

    /// BINPERSID: torch's `('storage', storage_type, key, location, numel[, view])`.
    mutating func persistentLoad() throws(FormatError) {
        let pid = try pop()
        guard case .tuple(let fields, _) = pid, fields.count == 5 || fields.count == 6,
              case .string("storage") = fields[0], case .global(let type) = fields[1],
              case .int(let numel) = fields[4], numel >= 0 else {
            throw fail(.malformedPickle("persistent id is not ('storage', type, key, location, numel)"))
        }
        var storage = TorchStorageRef(typeName: type.qualifiedName, dtype: nil, key: "", numel: numel, view: nil,
                                      offset: base + opcodeStart)
        switch type {
        case .storageClass(_, let dtype), .dtype(_, let dtype): storage.dtype = dtype
        default: throw fail(.malformedPickle("storage type \(type.qualifiedName) is not a storage class"))
        }
        switch fields[2] {
        case .string(let key): storage.key = key
        case .int(let key): storage.key = String(key)
        default: throw fail(.malformedPickle("storage key is \(fields[2].typeName)"))
        }
        if fields.count == 6, case .tuple(let view, _) = fields[5] {
            guard view.count == 3, case .int(let offset) = view[1], case .int(let size) = view[2], offset >= 0, size >= 0 else {
                throw fail(.malformedPickle("storage view metadata is not (key, offset, size)"))
            }
            storage.view = (offset, size)
        }
        storages.append(storage)
        push(.storage(storage))
    }
}
