import Testing
@testable import WeightAtlasTensor

@Suite struct StridedViewTests {
    @Test func fortranOrderReadsRowMajor() {
        // A 2x3 matrix stored column-major: [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6.
        let stored: [Float] = [1, 4, 2, 5, 3, 6]
        let view = StridedView(storedShape: [2, 3], order: .columnMajor)
        var out = [Float](repeating: 0, count: 6)
        stored.withUnsafeBytes { bytes in
            view.read(0..<6, from: bytes.baseAddress!, conversion: .init(dtype: .f32, byteOrder: .little), into: &out)
        }
        #expect(out == [1, 2, 3, 4, 5, 6])
    }

    @Test func permutedAndReversedView() {
        // HWC 1x2x3 (h=1, w=2, c=3) -> CHW with channels reversed (BGR -> RGB).
        let stored: [Float] = [0, 1, 2, 10, 11, 12]
        let view = StridedView(storedShape: [1, 2, 3], order: .rowMajor).permuted([2, 0, 1]).reversed(axis: 0)
        var out = [Float](repeating: 0, count: 6)
        stored.withUnsafeBytes { bytes in
            view.read(1..<6, from: bytes.baseAddress!, conversion: .init(dtype: .f32, byteOrder: .little), into: &out)
        }
        #expect(Array(out.prefix(5)) == [12, 1, 11, 0, 10])
    }

    @Test func conversionOfEveryDType() {
        let halves: [UInt16] = [0x3C00, 0xC000, 0x7C00]   // 1, -2, +inf as f16
        var out = [Float](repeating: 0, count: 3)
        halves.withUnsafeBytes { ElementConversion(dtype: .f16, byteOrder: .little).convert($0.baseAddress!, element: 0, count: 3, into: &out) }
        #expect(out == [1, -2, .infinity])
        let bf: [UInt16] = [0x3F80, 0xBF80]
        bf.withUnsafeBytes { ElementConversion(dtype: .bf16, byteOrder: .little).convert($0.baseAddress!, element: 0, count: 2, into: &out) }
        #expect(Array(out.prefix(2)) == [1, -1])
        let big: [UInt32] = [Float(1.5).bitPattern.byteSwapped]
        big.withUnsafeBytes { ElementConversion(dtype: .f32, byteOrder: .big).convert($0.baseAddress!, element: 0, count: 1, into: &out) }
        #expect(out[0] == 1.5)
        let ints: [Int64] = [-3, 1 << 40]
        ints.withUnsafeBytes { ElementConversion(dtype: .i64, byteOrder: .little).convert($0.baseAddress!, element: 0, count: 2, into: &out) }
        #expect(Array(out.prefix(2)) == [-3, Float(1 << 40)])
    }
}
