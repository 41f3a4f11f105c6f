import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Every byte of the four 8-bit float types decodes as onnx decodes it (onnx/float8.json).
@Suite struct Float8Tests {
    /// A value of float8.json: a number, null for NaN, or "inf"/"-inf".
    enum Value: Decodable {
        case number(Double), nan, text(String)

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() { self = .nan
            } else if let number = try? container.decode(Double.self) { self = .number(number)
            } else { self = .text(try container.decode(String.self)) }
        }

        var float: Float {
            switch self {
            case .number(let value): Float(value)
            case .nan: .nan
            case .text(let text): text.hasPrefix("-") ? -.infinity : .infinity
            }
        }
    }

    @Test(arguments: [DType.f8e4m3fn, .f8e4m3fnuz, .f8e5m2, .f8e5m2fnuz])
    func everyByteMatchesOnnx(_ dtype: DType) throws {
        let url = Fixtures.root.appendingPathComponent("onnx/float8.json")
        let tables = try JSONDecoder().decode([String: [Value]].self, from: Data(contentsOf: url))
        let want = try #require(tables[dtype.rawValue]).map(\.float)
        #expect(want.count == 256)
        var got = [Float](repeating: 0, count: 256)
        let bytes = (0..<256).map(UInt8.init)
        bytes.withUnsafeBytes { raw in
            got.withUnsafeMutableBufferPointer { out in
                ElementConversion(dtype: dtype, byteOrder: .little)
                    .convert(raw.baseAddress!, element: 0, count: 256, into: out.baseAddress!)
            }
        }
        for byte in 0..<256 {
            let same = got[byte].isNaN ? want[byte].isNaN : got[byte].bitPattern == want[byte].bitPattern
            #expect(same, "\(dtype) byte \(byte): \(got[byte]) vs \(want[byte])")
        }
        #expect(dtype.size == 1 && dtype.isFloatingPoint)
    }
}
