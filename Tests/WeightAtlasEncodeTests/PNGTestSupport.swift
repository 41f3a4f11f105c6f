import CPNG
import Foundation
@testable import WeightAtlasEncode

/// Independent checks of written PNGs: chunk walk, zlib's `uncompress` of the IDAT payload
/// (which verifies the Adler-32), and a reference unfilter.
enum PNGTestSupport {
    /// A fresh empty folder under the temporary directory.
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "weightatlas-encode-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Deterministic pixels with runs, gradients and noise, like a weight mosaic.
    static func pixels(width: Int, height: Int, channels: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        return (0..<(width * height * channels)).map { i in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = (i / channels) % width
            return (x / 7) % 3 == 0 ? UInt8(truncatingIfNeeded: x) : UInt8(truncatingIfNeeded: state >> 56)
        }
    }

    /// The chunks of a PNG file as (type, data), after checking the signature.
    static func chunks(_ bytes: [UInt8]) -> [(String, [UInt8])]? {
        guard bytes.count >= 8, Array(bytes[0..<8]) == PNGChunks.signature else { return nil }
        var out: [(String, [UInt8])] = []
        var at = 8
        while at + 12 <= bytes.count {
            let length = bytes[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            let type = String(decoding: bytes[(at + 4)..<(at + 8)], as: UTF8.self)
            guard at + 12 + length <= bytes.count else { return nil }
            out.append((type, Array(bytes[(at + 8)..<(at + 8 + length)])))
            at += 12 + length
        }
        return at == bytes.count ? out : nil
    }

    /// The image's filtered bytes by zlib's `uncompress` of the concatenated IDAT data, or nil
    /// when zlib rejects the stream (bad header, bad deflate, bad Adler-32).
    static func inflate(_ file: String, expected: Int) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: file), let chunks = chunks(Array(data)) else { return nil }
        let stream = chunks.filter { $0.0 == "IDAT" }.flatMap(\.1)
        var out = [UInt8](repeating: 0, count: expected + 1)
        var length = UInt(out.count)
        let status = uncompress(&out, &length, stream, UInt(stream.count))
        guard status == Z_OK, Int(length) == expected else { return nil }
        return Array(out[0..<expected])
    }

    /// Reverses PNG filtering of `height` rows of `rowBytes` (each led by its filter type).
    static func unfilter(_ filtered: [UInt8], rowBytes: Int, height: Int, bpp: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: rowBytes * height)
        for y in 0..<height {
            let type = filtered[y * (rowBytes + 1)]
            for i in 0..<rowBytes {
                let x = filtered[y * (rowBytes + 1) + 1 + i]
                let a = i >= bpp ? Int(out[y * rowBytes + i - bpp]) : 0
                let b = y > 0 ? Int(out[(y - 1) * rowBytes + i]) : 0
                let c = y > 0 && i >= bpp ? Int(out[(y - 1) * rowBytes + i - bpp]) : 0
                let predictor: Int
                switch type {
                case 0: predictor = 0
                case 1: predictor = a
                case 2: predictor = b
                case 3: predictor = (a + b) / 2
                case 4: predictor = Int(PNGRowFilter.paeth(UInt8(a), UInt8(b), UInt8(c)))
                default: return nil
                }
                out[y * rowBytes + i] = x &+ UInt8(predictor)
            }
        }
        return out
    }

    /// Leftover temporary files (names starting with a dot and holding ".tmp-") in `folder`.
    static func temporaries(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.contains(".tmp-") }
    }
}
