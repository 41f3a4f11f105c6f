// A pickle reader, not an executor (CPython Lib/pickle.py, protocols 2–5):
//
//   pickle   = [PROTO n] [FRAME u64] op* STOP
//   op       = push-constant | container | memo | GLOBAL | STACK_GLOBAL | REDUCE | BUILD
//            | NEWOBJ | NEWOBJ_EX | BINPERSID | MARK | POP | POP_MARK | DUP | FRAME
//   constant = NONE | NEWTRUE | NEWFALSE | BININT i32 | BININT1 u8 | BININT2 u16
//            | LONG1 n:u8 bytes | LONG4 n:u32 bytes | BINFLOAT f64be
//            | BINUNICODE u32 | SHORT_BINUNICODE u8 | BINUNICODE8 u64 (UTF-8)
//            | BINSTRING u32 | SHORT_BINSTRING u8 (Latin-1) | BINBYTES* | BYTEARRAY8
//   container= EMPTY_DICT | DICT | SETITEM | SETITEMS | EMPTY_LIST | LIST | APPEND | APPENDS
//            | EMPTY_TUPLE | TUPLE | TUPLE1..3 | EMPTY_SET | ADDITEMS | FROZENSET
//   memo     = BINPUT u8 | LONG_BINPUT u32 | MEMOIZE | BINGET u8 | LONG_BINGET u32
//
// Nothing is imported or called. GLOBAL resolves allow-listed names (PickleGlobal); a name
// that would run code if unpickled (PickleDenyList: os, subprocess, builtins.eval, torch.load,
// functools.partial, …) is refused with `.unsafePickle(global:)` at the opcode's offset; any
// other becomes an inert stand-in whose REDUCE, NEWOBJ, BUILD, SETITEM(S) and APPEND(S) are
// recorded (StandIn), so tensors beside omegaconf or argparse objects are found. REDUCE and
// NEWOBJ are interpreted for the allow-listed rebuild functions, OrderedDict, torch.Size,
// set, TorchScript classes and stand-ins only (`.unsafeCall` otherwise). BINPERSID accepts torch's
// storage tuples only. Text-protocol opcodes (INT, STRING, GET, PUT, INST, OBJ, PERSID),
// the extension registry and out-of-band buffers are refused. Stack, memo, heap, MARK
// and tuple nesting are capped (PickleLimits).

/// Runs a pickle's opcodes over a small value model, building values without executing code.
struct PickleMachine {
    /// The bytes from the pickle's first opcode (may run on past its STOP).
    let data: UnsafeRawBufferPointer
    /// File offset of `data[0]`, so errors point into the file.
    let base: Int
    /// Format named in errors.
    let format: String
    var limits: PickleLimits
    var position = 0
    /// Offset of the opcode being run.
    var opcodeStart = 0
    var stack: [PickleValue] = []
    var marks: [Int] = []
    var memo: [Int: PickleValue] = [:]
    var heap: [PickleObject] = []
    var storages: [TorchStorageRef] = []
    /// Items held by heap containers, against the objects cap.
    var items = 0

    /// Runs the pickle at the start of `data` up to its STOP.
    /// - Throws: `FormatError` `.truncated`, `.malformedPickle`, `.unsafePickle`,
    ///   `.unsafeCall` or `.pickleLimit`, at the file offset of the opcode concerned.
    static func run(_ data: UnsafeRawBufferPointer, base: Int, format: String) throws(FormatError) -> PickleResult {
        var machine = PickleMachine(data: data, base: base, format: format, limits: PickleLimits(size: data.count))
        while true {
            machine.opcodeStart = machine.position
            let byte = try machine.readByte()
            guard let opcode = PickleOpcode(rawValue: byte) else {
                throw machine.fail(.malformedPickle("unknown opcode 0x\(String(byte, radix: 16))"))
            }
            if opcode == .stop { break }
            try machine.step(opcode)
            guard machine.stack.count <= machine.limits.stack else {
                throw machine.fail(.pickleLimit("stack depth", limit: machine.limits.stack))
            }
        }
        guard machine.stack.count == 1, machine.marks.isEmpty else {
            throw machine.fail(.malformedPickle("STOP with \(machine.stack.count) values and \(machine.marks.count) marks"))
        }
        return PickleResult(root: machine.stack[0], heap: machine.heap, storages: machine.storages, end: machine.position)
    }

    /// An error at the current opcode.
    func fail(_ kind: FormatError.Kind) -> FormatError {
        FormatError(format: format, kind: kind, offset: base + opcodeStart)
    }

    /// Runs one opcode (other than STOP).
    private mutating func step(_ opcode: PickleOpcode) throws(FormatError) {
        if try pushConstant(opcode) { return }
        switch opcode {
        case .proto:
            let version = try readByte()
            guard version >= 2 && version <= 5 else { throw fail(.malformedPickle("protocol \(version) (2 to 5 read)")) }
        case .frame:
            // A frame's length must fit in what is left: a frame past the end is a truncated pickle.
            let length = try readInteger(UInt64.self)
            guard length <= UInt64(data.count - position) else { throw truncated(position &+ Int(clamping: length)) }
        case .mark:
            guard marks.count < limits.markDepth else { throw fail(.pickleLimit("MARK nesting", limit: limits.markDepth)) }
            marks.append(stack.count)
        case .pop:
            if marks.last == stack.count { marks.removeLast() } else { _ = try pop() }
        case .popMark: _ = try popMark()
        case .dup: stack.append(try peek())
        case .binPut: try memoize(Int(try readByte()))
        case .longBinPut: try memoize(Int(try readInteger(UInt32.self)))
        case .memoize: try memoize(memo.count)
        case .binGet: try recall(Int(try readByte()))
        case .longBinGet: try recall(Int(try readInteger(UInt32.self)))
        case .global: try pushGlobal(module: try readLine(), name: try readLine())
        case .stackGlobal:
            let name = try pop(), module = try pop()
            guard case .string(let m) = module, case .string(let n) = name else {
                throw fail(.malformedPickle("STACK_GLOBAL needs two strings"))
            }
            try pushGlobal(module: m, name: n)
        case .reduce: try reduce()
        case .build: try build()
        case .newObj: try newObject(keywords: false)
        case .newObjEx: try newObject(keywords: true)
        case .binPersid: try persistentLoad()
        default: try container(opcode)
        }
    }

    /// Runs a container opcode; refuses the opcodes this reader does not run.
    private mutating func container(_ opcode: PickleOpcode) throws(FormatError) {
        switch opcode {
        case .emptyDict: push(newObject(.dict([])))
        case .emptyList, .emptySet: push(newObject(.list([])))
        case .emptyTuple: push(.makeTuple([]))
        case .dict: push(newObject(.dict(try pairs(try popMark()))))
        case .list, .frozenSet: push(newObject(.list(try popMark())))
        case .tuple: try pushTuple(try popMark())
        case .tuple1: try pushTuple([try pop()])
        case .tuple2: let b = try pop(), a = try pop(); try pushTuple([a, b])
        case .tuple3: let c = try pop(), b = try pop(), a = try pop(); try pushTuple([a, b, c])
        case .setItem: let value = try pop(), key = try pop(); try setItems([(key, value)])
        case .setItems: try setItems(try pairs(try popMark()))
        case .append: try append([try pop()])
        case .appends, .addItems: try append(try popMark())
        case .inst, .obj, .ext1, .ext2, .ext4:
            throw fail(.unsafeCall("opcode \(opcode) (class construction outside the allow-list)"))
        default:
            throw fail(.malformedPickle("opcode \(opcode) is not supported"))
        }
    }

    /// Pushes the constant an opcode carries; false when `opcode` is not a constant.
    private mutating func pushConstant(_ opcode: PickleOpcode) throws(FormatError) -> Bool {
        switch opcode {
        case .none: push(.none)
        case .newTrue: push(.bool(true))
        case .newFalse: push(.bool(false))
        case .binInt: push(.int(Int(Int32(bitPattern: try readInteger(UInt32.self)))))
        case .binInt1: push(.int(Int(try readByte())))
        case .binInt2: push(.int(Int(try readInteger(UInt16.self))))
        case .long1: push(try readLong(count: Int(try readByte())))
        case .long4: push(try readLong(count: try length(UInt32.self)))
        case .binFloat: push(.float(Double(bitPattern: try readInteger(UInt64.self).byteSwapped)))   // stored big-endian
        case .binUnicode: push(.string(try readUTF8(count: try length(UInt32.self))))
        case .shortBinUnicode: push(.string(try readUTF8(count: Int(try readByte()))))
        case .binUnicode8: push(.string(try readUTF8(count: try length(UInt64.self))))
        case .binString: push(.string(try readLatin1(count: try length(UInt32.self))))
        case .shortBinString: push(.string(try readLatin1(count: Int(try readByte()))))
        case .binBytes: push(.bytes(count: try skip(try length(UInt32.self))))
        case .shortBinBytes: push(.bytes(count: try skip(Int(try readByte()))))
        case .binBytes8, .byteArray8: push(.bytes(count: try skip(try length(UInt64.self))))
        default: return false
        }
        return true
    }
}
