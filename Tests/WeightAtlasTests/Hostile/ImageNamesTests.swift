import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Image names: the same names as the search from `-2` upwards that came before the
/// per-stem counter, and linear cost when thousands of names share one stem.
@Suite struct ImageNamesTests {
    /// The earlier assignment, one probe per suffix from `-2`: the reference for the names.
    static func reference(_ tensors: [String]) -> [String] {
        var taken: Set<String> = [], names: [String] = []
        for tensor in tensors {
            var stem = String(tensor.map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
            if stem.isEmpty || stem.hasPrefix(".") { stem = "_" + stem }
            if stem.count > 200 { stem = String(stem.prefix(200)) }
            var candidate = stem + ".png", n = 2
            while taken.contains(candidate.lowercased()) || candidate == "manifest.png" {
                candidate = "\(stem)-\(n).png"
                n += 1
            }
            taken.insert(candidate.lowercased())
            names.append(candidate)
        }
        return names
    }

    static func assign(_ tensors: [String]) -> [String] {
        var names = ImageNames()
        return tensors.map { names.name(for: $0) }
    }

    @Test func collisionsGetTheSuffixesTheyAlwaysHad() {
        let tensors = ["w", "w", "w-2", "W", "w", "w-2", "a/b", "a_b", "a.b", "manifest", "manifest", ".hidden", "",
                       "w-3", "x-2", "x", "x", "x", "é", "_", "conv2d/Kernel", "conv2d_Kernel"]
        #expect(Self.assign(tensors) == Self.reference(tensors))
        #expect(Self.assign(["w", "w", "W"]) == ["w.png", "w-2.png", "W-3.png"])
    }

    @Test func randomCollidingNamesMatchTheReference() {
        var generator = SystemRandomNumberGenerator()
        let parts = ["a", "A", "b", "-2", "-3", "/", "manifest", "x-2", "."]
        for _ in 0..<200 {
            let tensors = (0..<Int.random(in: 1...40, using: &generator)).map { _ in
                (0..<Int.random(in: 0...3, using: &generator)).map { _ in parts.randomElement(using: &generator)! }.joined()
            }
            #expect(Self.assign(tensors) == Self.reference(tensors), "\(tensors)")
        }
    }

    /// 9,000 names sharing a 200-character prefix are one stem: the earlier search made
    /// 40 million probes of 205-character names (seconds); the counter makes 9,000.
    @Test func nineThousandNamesSharingALongPrefixAreLinear() {
        let prefix = String(repeating: "p", count: 200)
        let tensors = (0..<9000).map { prefix + ".\($0)" }
        var assigner = ImageNames()
        let names = tensors.map { assigner.name(for: $0) }
        #expect(Set(names.map { $0.lowercased() }).count == 9000)
        #expect(names[0] == prefix + ".png" && names[1] == prefix + "-2.png" && names[8999] == prefix + "-9000.png")
        #expect(assigner.probes == 2 * 9000 - 1, "\(assigner.probes) lookups")
    }
}
