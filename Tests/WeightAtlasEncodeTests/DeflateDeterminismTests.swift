import Testing
@testable import WeightAtlasEncode

/// igzip's output for a strip must not depend on what the same context compressed before:
/// which worker deflates which strip changes with load, and the PNG bytes must not.
@Suite struct DeflateDeterminismTests {
    /// Bytes that compress like filtered pixel rows: runs, repeats and noise.
    static func strip(seed: UInt32, count: Int) -> [UInt8] {
        var state = seed
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 1_664_525 &+ 1_013_904_223
            out[i] = (i / 97) % 3 == 0 ? UInt8(truncatingIfNeeded: i / 13) : UInt8(truncatingIfNeeded: state >> (24 + (i % 5)))
        }
        return out
    }

    static func deflate(_ input: [UInt8], with deflater: ISALDeflater, last: Bool = false) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: input.count + input.count / 8 + 1024)
        let n = input.withUnsafeBytes { i in output.withUnsafeMutableBytes { deflater.deflate(i, into: $0, last: last) } }
        return Array(output.prefix(n ?? 0))
    }

    @Test(arguments: [1, 2, 3])
    func stripBytesDoNotDependOnTheContextsHistory(level: Int) {
        let target = Self.strip(seed: 1, count: 300_000)
        let fresh = Self.deflate(target, with: ISALDeflater(level: level))
        #expect(!fresh.isEmpty)
        let used = ISALDeflater(level: level)
        for (seed, count) in [(UInt32(2), 1_000_000), (3, 40_000), (4, 700_000), (5, 123)] {
            _ = Self.deflate(Self.strip(seed: seed, count: count), with: used, last: seed == 3)
            #expect(Self.deflate(target, with: used) == fresh, "level \(level) after a \(count)-byte strip")
        }
    }
}
extension DeflateDeterminismTests {
    @Test(arguments: [1, 2, 3])
    func garbageLevelBuffer(level: Int) {
        let target = Self.strip(seed: 1, count: 300_000)
        let clean = ISALDeflater(level: level)
        clean.levelBuffer.initializeMemory(as: UInt8.self, repeating: 0)
        let fresh = Self.deflate(target, with: clean)
        for fill: UInt8 in [0xAB, 0xFF, 0x01] {
            let dirty = ISALDeflater(level: level)
            dirty.levelBuffer.initializeMemory(as: UInt8.self, repeating: fill)
            #expect(Self.deflate(target, with: dirty) == fresh, "level \(level) fill \(fill)")
        }
    }
}
