import WeightAtlasTensor

/// The globals a pickle may name: torch's tensor rebuild functions, storage classes and
/// dtypes, `collections.OrderedDict`, a few harmless builtins, TorchScript's `__torch__.*`
/// classes (whose instances become dicts of their state), and inert stand-ins for anything
/// else that `PickleDenyList` does not refuse. Nothing is imported: a global is a tag the
/// machine interprets itself.
enum PickleGlobal: Sendable, Equatable {
    /// `collections.OrderedDict`: called, it makes a dict.
    case orderedDict
    /// `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks[, metadata])`.
    case rebuildTensorV2
    /// `torch._utils._rebuild_tensor(storage, offset, size, stride)`.
    case rebuildTensor
    /// `torch._utils._rebuild_parameter(data, requires_grad, hooks)`.
    case rebuildParameter
    /// `torch._utils._rebuild_parameter_with_state(data, requires_grad, hooks, state)`.
    case rebuildParameterWithState
    /// `torch._tensor._rebuild_from_type_v2(func, new_type, args, state)`.
    case rebuildFromTypeV2
    /// A tensor class (`torch.Tensor`, `torch.nn.parameter.Parameter`), only as `new_type`.
    case tensorClass(String)
    /// A storage class (`torch.FloatStorage`); `dtype` nil for types this reader cannot show.
    case storageClass(String, dtype: DType?)
    /// A dtype (`torch.float32`); `dtype` nil for types this reader cannot show.
    case dtype(String, dtype: DType?)
    /// `torch.Size`: called, it makes a tuple.
    case torchSize
    /// `builtins.set` / `builtins.frozenset`: called, they make a list.
    case set(String)
    /// `torch.jit._pickle.restore_type_tag(value, type)`: returns `value`.
    case restoreTypeTag
    /// `torch.jit._pickle.build_intlist` and friends: return their list.
    case buildList(String)
    /// A TorchScript class `__torch__.…`: NEWOBJ makes an instance, BUILD gives it state.
    case scriptClass(String)
    /// Any other global not on `PickleDenyList` (`omegaconf.dictconfig.DictConfig`,
    /// `argparse.Namespace`, numpy scalars, Lightning callbacks): an inert stand-in whose
    /// calls, NEWOBJ, BUILD and items are recorded, so tensors inside are still found.
    case standIn(String)

    /// Storage class names and their dtypes (the `torch.cuda.` variants map the same way).
    static let storageTypes: [String: DType?] = [
        "FloatStorage": .f32, "DoubleStorage": .f64, "HalfStorage": .f16, "BFloat16Storage": .bf16,
        "LongStorage": .i64, "IntStorage": .i32, "ShortStorage": .i16, "CharStorage": .i8,
        "ByteStorage": .u8, "BoolStorage": .bool, "UntypedStorage": .u8,
        "ComplexFloatStorage": nil, "ComplexDoubleStorage": nil, "QInt8Storage": nil, "QUInt8Storage": nil,
        "QInt32Storage": nil, "QUInt4x2Storage": nil, "QUInt2x4Storage": nil,
    ]

    /// `torch.<name>` dtypes and their element types.
    static let dtypes: [String: DType?] = [
        "float32": .f32, "float": .f32, "float64": .f64, "double": .f64, "float16": .f16, "half": .f16,
        "bfloat16": .bf16, "int64": .i64, "long": .i64, "int32": .i32, "int": .i32, "int16": .i16,
        "short": .i16, "int8": .i8, "uint8": .u8, "bool": .bool, "uint16": .u16, "uint32": .u32,
        "uint64": .u64, "complex64": nil, "complex128": nil, "cfloat": nil, "cdouble": nil,
        "float8_e4m3fn": nil, "float8_e5m2": nil, "qint8": nil, "quint8": nil, "qint32": nil,
    ]

    /// The global `module.name`: allow-listed, a stand-in, or nil when the deny list refuses it.
    static func resolve(module: String, name: String) -> PickleGlobal? {
        if let known = allowListed(module: module, name: name) { return known }
        return PickleDenyList.refuses(module: module, name: name) ? nil : .standIn("\(module).\(name)")
    }

    /// The allow-listed global `module.name`, or nil when it is not allow-listed.
    static func allowListed(module: String, name: String) -> PickleGlobal? {
        switch (module, name) {
        case ("collections", "OrderedDict"): return .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): return .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor"): return .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): return .rebuildParameter
        case ("torch._utils", "_rebuild_parameter_with_state"): return .rebuildParameterWithState
        case ("torch._tensor", "_rebuild_from_type_v2"): return .rebuildFromTypeV2
        case ("torch", "Tensor"), ("torch.nn.parameter", "Parameter"): return .tensorClass("\(module).\(name)")
        case ("torch", "Size"): return .torchSize
        case ("builtins", "set"), ("builtins", "frozenset"), ("__builtin__", "set"): return .set(name)
        case ("torch.jit._pickle", "restore_type_tag"): return .restoreTypeTag
        case ("torch.jit._pickle", let list) where list.hasPrefix("build_") && list.hasSuffix("list"):
            return .buildList(list)
        default: break
        }
        if module == "torch" || module == "torch.cuda" || module == "torch.storage",
           let dtype = storageTypes[name] {
            return .storageClass("\(module).\(name)", dtype: dtype)
        }
        if module == "torch", let dtype = dtypes[name] { return .dtype("torch.\(name)", dtype: dtype) }
        if module == "torch.storage", name == "TypedStorage" { return .storageClass("torch.storage.TypedStorage", dtype: nil) }
        if module == "__torch__" || module.hasPrefix("__torch__."), isIdentifierPath(name) {
            return .scriptClass("\(module).\(name)")
        }
        return nil
    }

    /// The global as `module.name`, for errors.
    var qualifiedName: String {
        switch self {
        case .orderedDict: "collections.OrderedDict"
        case .rebuildTensorV2: "torch._utils._rebuild_tensor_v2"
        case .rebuildTensor: "torch._utils._rebuild_tensor"
        case .rebuildParameter: "torch._utils._rebuild_parameter"
        case .rebuildParameterWithState: "torch._utils._rebuild_parameter_with_state"
        case .rebuildFromTypeV2: "torch._tensor._rebuild_from_type_v2"
        case .torchSize: "torch.Size"
        case .set(let name): "builtins.\(name)"
        case .restoreTypeTag: "torch.jit._pickle.restore_type_tag"
        case .buildList(let name): "torch.jit._pickle.\(name)"
        case .tensorClass(let name), .storageClass(let name, _), .dtype(let name, _), .scriptClass(let name),
             .standIn(let name): name
        }
    }

    private static func isIdentifierPath(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
            || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }
    }
}
