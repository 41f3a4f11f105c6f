import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The pickle machine on hand-written opcode bytes: values, sharing through the memo, the
/// allow-list and the caps. Nothing here is ever executed, by this reader or by Python.
@Suite struct PickleTests {
    static func run(_ bytes: [UInt8], base: Int = 0) throws(FormatError) -> PickleResult {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(FormatError) -> PickleResult in try PickleMachine.run(buffer, base: base, format: "test") }
        }
        return try result.get()
    }

    static func failure(_ bytes: [UInt8]) -> FormatError? {
        #expect(throws: FormatError.self) { _ = try run(bytes) }
    }

    static func string(_ text: String) -> [UInt8] { [0x8C, UInt8(text.utf8.count)] + Array(text.utf8) }

    @Test func constants() throws {
        // (None, True, -2, 300, 70000, -1 (LONG1), 0.5, 'é', b'ab') as a protocol-2 tuple.
        let bytes: [UInt8] = [0x80, 0x02, 0x28, 0x4E, 0x88, 0x4A, 0xFE, 0xFF, 0xFF, 0xFF, 0x4D, 0x2C, 0x01,
                              0x4A, 0x70, 0x11, 0x01, 0x00, 0x8A, 0x01, 0xFF,
                              0x47, 0x3F, 0xE0, 0, 0, 0, 0, 0, 0] + [0x58, 2, 0, 0, 0, 0xC3, 0xA9]
            + [0x43, 2, 0x61, 0x62, 0x74, 0x2E]
        let result = try Self.run(bytes)
        guard case .tuple(let items, _) = result.root else { Issue.record("not a tuple"); return }
        #expect(items.count == 9)
        if case .int(let value) = items[2] { #expect(value == -2) } else { Issue.record("BININT") }
        if case .int(let value) = items[3] { #expect(value == 300) } else { Issue.record("BININT2") }
        if case .int(let value) = items[4] { #expect(value == 70000) } else { Issue.record("BININT") }
        if case .int(let value) = items[5] { #expect(value == -1) } else { Issue.record("LONG1") }
        if case .float(let value) = items[6] { #expect(value == 0.5) } else { Issue.record("BINFLOAT") }
        if case .string(let value) = items[7] { #expect(value == "é") } else { Issue.record("BINUNICODE") }
        if case .bytes(let count) = items[8] { #expect(count == 2) } else { Issue.record("SHORT_BINBYTES") }
        #expect(result.end == bytes.count)
    }

    @Test func memoSharesContainersLikePython() throws {
        // d = {}; memo[0] = d; l = [d]; d['k'] = 1 after l holds it; the result is (l, d).
        let bytes: [UInt8] = [0x80, 0x02, 0x7D, 0x71, 0x00, 0x30, 0x5D, 0x68, 0x00, 0x61]
            + [0x68, 0x00] + Self.string("k") + [0x4B, 0x01, 0x73, 0x30, 0x68, 0x00, 0x86, 0x2E]
        let result = try Self.run(bytes)
        guard case .tuple(let items, _) = result.root, case .ref(let list) = items[0], case .ref(let dict) = items[1],
              case .list(let elements) = result.heap[list], case .ref(let inner) = elements[0],
              case .dict(let entries) = result.heap[dict] else {
            Issue.record("unexpected shape \(result.root)")
            return
        }
        #expect(inner == dict)
        #expect(entries.count == 1)
    }

    @Test func stackGlobalResolvesOnlyTheAllowList() throws {
        let ordered = Self.string("collections") + Self.string("OrderedDict") + [0x93, 0x29, 0x52]
        let result = try Self.run([0x80, 0x04] + ordered + [0x2E])
        guard case .ref(let index) = result.root, case .dict = result.heap[index] else { Issue.record("not a dict"); return }
        let refused = Self.failure([0x80, 0x04] + Self.string("os") + Self.string("system") + [0x93, 0x2E])
        #expect(refused?.kind == .unsafePickle(global: "os.system"))
        #expect(refused?.offset == 14)
    }

    @Test func globalsThatWouldRunCodeAreRefused() {
        for (module, name) in [("os", "system"), ("builtins", "eval"), ("subprocess", "Popen"), ("torch", "load"),
                               ("torch._utils", "_rebuild_qtensor"), ("__builtin__", "getattr"), ("posix", "system"),
                               ("torch.serialization", "_get_layout"), ("runpy", "_run_code"), ("functools", "partial"),
                               ("torch.storage", "_load_from_bytes"), ("numpy", "load"), ("importlib.util", "find_spec"),
                               ("operator", "attrgetter"), ("builtins", "__import__"), ("webbrowser", "open")] {
            let bytes = [0x80, 0x02, 0x63] + Array("\(module)\n\(name)\n".utf8) + [0x2E]
            #expect(Self.failure(bytes)?.kind == .unsafePickle(global: "\(module).\(name)"))
        }
    }

    /// Other globals are inert stand-ins: called, constructed and built, they only record.
    @Test func otherGlobalsAreInertStandIns() throws {
        for (module, name) in [("numpy.core.multiarray", "_reconstruct"), ("omegaconf.dictconfig", "DictConfig"),
                               ("argparse", "Namespace"), ("_codecs", "encode"), ("collections", "defaultdict")] {
            // GLOBAL, EMPTY_TUPLE, REDUCE, EMPTY_DICT, BUILD, STOP: an object made and given state.
            let bytes = [0x80, 0x02, 0x63] + Array("\(module)\n\(name)\n".utf8) + [0x29, 0x52, 0x7D, 0x62, 0x2E]
            let result = try Self.run(bytes)
            guard case .ref(let index) = result.root, case .standIn(let made) = result.heap[index] else {
                Issue.record("\(module).\(name): not a stand-in")
                continue
            }
            #expect(made.className == "\(module).\(name)" && made.state != nil)
        }
    }

    @Test func scriptClassesBecomeInstancesOfTheirState() throws {
        let bytes: [UInt8] = [0x80, 0x02, 0x63] + Array("__torch__.torch.nn.modules.conv\nConv2d\n".utf8)
            + [0x29, 0x81, 0x7D] + Self.string("training") + [0x89, 0x73, 0x62, 0x2E]
        let result = try Self.run(bytes)
        guard case .ref(let index) = result.root, case .instance(let name, .some(.ref(let state))) = result.heap[index],
              case .dict(let entries) = result.heap[state] else { Issue.record("no instance"); return }
        #expect(name == "__torch__.torch.nn.modules.conv.Conv2d")
        #expect(entries.count == 1)
    }

    @Test func refusedCallsAndOpcodes() {
        // REDUCE on a dtype, NEWOBJ on a storage class, BUILD on a tuple, INST, EXT1.
        #expect(Self.failure([0x80, 0x02, 0x63] + Array("torch\nfloat32\n".utf8) + [0x29, 0x52, 0x2E])?.kind
                == .unsafeCall("torch.float32"))
        #expect(Self.failure([0x80, 0x02, 0x63] + Array("torch\nFloatStorage\n".utf8) + [0x29, 0x81, 0x2E])?.kind
                == .unsafeCall("torch.FloatStorage.__new__"))
        #expect(Self.failure([0x80, 0x02, 0x29, 0x4E, 0x62, 0x2E])?.kind == .unsafeCall("BUILD on tuple"))
        #expect(Self.failure([0x80, 0x02, 0x69] + Array("os\nsystem\n".utf8) + [0x2E]).map { Fixtures.caseName($0.kind) } == "unsafeCall")
        #expect(Self.failure([0x80, 0x02, 0x82, 0x01, 0x2E]).map { Fixtures.caseName($0.kind) } == "unsafeCall")
    }

    @Test func malformedPicklesFailWithTheirOffset() {
        #expect(Self.failure([0x80, 0x02, 0x68, 0x03, 0x2E])?.kind == .malformedPickle("memo index 3 was never set"))
        #expect(Self.failure([0x80, 0x02, 0x30, 0x2E])?.kind == .malformedPickle("stack underflow"))
        #expect(Self.failure([0x80, 0x02, 0x4E, 0x4E, 0x2E])?.offset == 4)
        #expect(Self.failure([0x80, 0x02, 0xFF]).map { Fixtures.caseName($0.kind) } == "malformedPickle")
        #expect(Self.failure([0x80, 0x01, 0x4E, 0x2E]).map { Fixtures.caseName($0.kind) } == "malformedPickle")
        #expect(Self.failure([0x80, 0x02, 0x58, 0xFF, 0xFF, 0xFF, 0x7F]).map { Fixtures.caseName($0.kind) } == "truncated")
        #expect(Self.failure([0x80, 0x02, 0x4E]).map { Fixtures.caseName($0.kind) } == "truncated")
    }

    @Test func capsBoundNestingAndObjects() {
        let marks = Self.failure([0x80, 0x02] + [UInt8](repeating: 0x28, count: 1000) + [0x2E])
        #expect(marks?.kind == .pickleLimit("MARK nesting", limit: 256))
        #expect(marks?.offset == 2 + 256)
        let tuples = Self.failure([0x80, 0x02, 0x4E] + [UInt8](repeating: 0x85, count: 1000) + [0x2E])
        #expect(tuples?.kind == .pickleLimit("tuple nesting", limit: 256))
        // DUP grows the stack one value per byte, so the stack never outgrows the pickle;
        // STOP with more than one value is refused.
        let dups = Self.failure([0x80, 0x02, 0x4E] + [UInt8](repeating: 0x32, count: 100) + [0x2E])
        #expect(dups?.kind == .malformedPickle("STOP with 101 values and 0 marks"))
    }

    @Test func persistentIdsBecomeStorages() throws {
        // ('storage', torch.HalfStorage, '7', 'cpu', 12) BINPERSID
        let bytes: [UInt8] = [0x80, 0x02, 0x28] + Self.string("storage") + [0x63] + Array("torch\nHalfStorage\n".utf8)
            + Self.string("7") + Self.string("cpu") + [0x4B, 12, 0x74, 0x51, 0x2E]
        let result = try Self.run(bytes, base: 100)
        guard case .storage(let storage) = result.root else { Issue.record("no storage"); return }
        #expect(storage.dtype == .f16 && storage.key == "7" && storage.numel == 12 && storage.offset == 100 + bytes.count - 2)
        #expect(result.storages == [storage])
        let other = Self.failure([0x80, 0x02] + Self.string("evil") + [0x51, 0x2E])
        #expect(other.map { Fixtures.caseName($0.kind) } == "malformedPickle")
    }
}
