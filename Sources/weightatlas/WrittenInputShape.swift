import WeightAtlas

/// One `--input-shape [GLOB=]CxHxW` as written: the shape is channels first whatever
/// `--input-layout` says (which is only how a row stores it), e.g. `3x32x32` or `fc1.*=1x28x28`.
struct WrittenInputShape: Sendable, Equatable {
    /// The text given, for messages.
    var text: String
    /// The tensors it is for (nil: every dense tensor).
    var pattern: String?
    var channels: Int, height: Int, width: Int

    /// Channel counts of images (grey, RGB): what the hwc check expects first.
    static let imageChannels: Set<Int> = [1, 3]

    /// The rule for rows stored in `layout`.
    /// - Throws: `UsageError` when `layout` is hwc and the shape looks written in storage
    ///   order (`32x32x3`: a 32-channel image is not what was meant).
    func rule(layout: InputLayout) throws(UsageError) -> InputShapeRule {
        let (c, h, w) = (channels, height, width)
        if layout == .hwc, !Self.imageChannels.contains(c), Self.imageChannels.contains(w) {
            throw UsageError(message: "--input-shape is written CxHxW for every --input-layout (hwc only says a row stores "
                             + "HxWxC): did you mean \(w)x\(c)x\(h)? ('\(text)' reads as \(c) channels of \(h)x\(w))")
        }
        return InputShapeRule(pattern: pattern, shape: InputShape(channels: c, height: h, width: w, layout: layout))
    }
}

extension OptionValue where Value == WrittenInputShape {
    /// `[GLOB=]CxHxW` with three sizes in 1...2^20 (`x` or `X`).
    static var inputShape: OptionValue<WrittenInputShape> {
        OptionValue { text, option throws(UsageError) in
            let (pattern, shapeText) = text.lastIndex(of: "=").map { (String(text[..<$0]), String(text[text.index(after: $0)...])) }
                ?? (nil, text)
            if pattern?.isEmpty == true { throw UsageError(message: "\(option) '\(text)': nothing before '='") }
            let parts = shapeText.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 3, let c = parts[0], let h = parts[1], let w = parts[2],
                  [c, h, w].allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
                throw .invalid(option, mustBe: "[GLOB=]CxHxW with three positive sizes like 3x32x32", not: text)
            }
            return WrittenInputShape(text: text, pattern: pattern, channels: c, height: h, width: w)
        }
    }
}
