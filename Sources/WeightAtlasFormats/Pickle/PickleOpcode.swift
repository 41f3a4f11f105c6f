/// The pickle opcodes this reader knows (CPython's Lib/pickle.py names), protocols 0–5.
///
/// Only the binary opcodes that `torch.save`, `torch.jit.save` and Python's own pickler
/// emit for data are executed; the rest are named so errors can say which was refused.
enum PickleOpcode: UInt8 {
    case mark = 0x28              // (
    case stop = 0x2E              // .
    case pop = 0x30               // 0
    case popMark = 0x31           // 1
    case dup = 0x32               // 2
    case binFloat = 0x47          // G  f64 big-endian
    case binInt = 0x4A            // J  i32
    case binInt1 = 0x4B           // K  u8
    case binInt2 = 0x4D           // M  u16
    case none = 0x4E              // N
    case persid = 0x50            // P  text persistent id (refused)
    case binPersid = 0x51         // Q
    case reduce = 0x52            // R
    case binString = 0x54         // T  u32 length, Python 2 str
    case shortBinString = 0x55    // U  u8 length, Python 2 str
    case binUnicode = 0x58        // X  u32 length
    case append = 0x61            // a
    case build = 0x62             // b
    case global = 0x63            // c  "module\nname\n"
    case dict = 0x64              // d
    case emptyDict = 0x7D         // }
    case appends = 0x65           // e
    case get = 0x67               // g  text (refused)
    case binGet = 0x68            // h  u8
    case inst = 0x69              // i  text module/name + call (refused)
    case longBinGet = 0x6A        // j  u32
    case list = 0x6C              // l
    case emptyList = 0x5D         // ]
    case obj = 0x6F               // o  call (refused)
    case put = 0x70               // p  text (refused)
    case binPut = 0x71            // q  u8
    case longBinPut = 0x72        // r  u32
    case setItem = 0x73           // s
    case tuple = 0x74             // t
    case emptyTuple = 0x29        // )
    case setItems = 0x75          // u
    case proto = 0x80
    case newObj = 0x81
    case ext1 = 0x82, ext2 = 0x83, ext4 = 0x84   // extension registry (refused)
    case tuple1 = 0x85, tuple2 = 0x86, tuple3 = 0x87
    case newTrue = 0x88, newFalse = 0x89
    case long1 = 0x8A, long4 = 0x8B
    case binBytes = 0x42          // B  u32 length
    case shortBinBytes = 0x43     // C  u8 length
    case shortBinUnicode = 0x8C, binUnicode8 = 0x8D, binBytes8 = 0x8E
    case emptySet = 0x8F, addItems = 0x90, frozenSet = 0x91
    case newObjEx = 0x92, stackGlobal = 0x93, memoize = 0x94, frame = 0x95
    case byteArray8 = 0x96, nextBuffer = 0x97, readonlyBuffer = 0x98
}
