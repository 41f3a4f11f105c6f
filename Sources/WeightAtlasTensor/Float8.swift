/// The four 8-bit float formats of ONNX (and the OCP 8-bit float specification), decoded
/// exactly to Float32 through one 256-entry table per format.
///
/// | format      | exponent, bias | infinity      | NaN                      | −0  |
/// |-------------|----------------|---------------|--------------------------|-----|
/// | E4M3FN      | 4 bits, 7      | none          | S.1111.111 (0x7F, 0xFF)  | yes |
/// | E4M3FNUZ    | 4 bits, 8      | none          | 0x80 only                | no  |
/// | E5M2        | 5 bits, 15     | S.11111.00    | S.11111.{01,10,11}       | yes |
/// | E5M2FNUZ    | 5 bits, 16     | none          | 0x80 only                | no  |
///
/// Subnormals (exponent field 0) are `mantissa · 2^(1 − bias − mantissa bits)`.
public enum Float8: Sendable {
    /// E4M3FN: 1 sign, 4 exponent (bias 7), 3 mantissa bits; no infinity; NaN is all ones.
    public static let e4m3fn = table(exponentBits: 4, bias: 7, ieee: false, unsignedZero: false)
    /// E4M3FNUZ: bias 8; no infinity, no negative zero; 0x80 is the only NaN.
    public static let e4m3fnuz = table(exponentBits: 4, bias: 8, ieee: false, unsignedZero: true)
    /// E5M2: IEEE-like (the top byte of a binary16), bias 15, with infinities and NaNs.
    public static let e5m2 = table(exponentBits: 5, bias: 15, ieee: true, unsignedZero: false)
    /// E5M2FNUZ: bias 16; no infinity, no negative zero; 0x80 is the only NaN.
    public static let e5m2fnuz = table(exponentBits: 5, bias: 16, ieee: false, unsignedZero: true)

    /// The decoding table of `dtype`, or nil when it is not an 8-bit float.
    public static func table(for dtype: DType) -> [Float]? {
        switch dtype {
        case .f8e4m3fn: e4m3fn
        case .f8e4m3fnuz: e4m3fnuz
        case .f8e5m2: e5m2
        case .f8e5m2fnuz: e5m2fnuz
        default: nil
        }
    }

    /// Decodes every byte of a format with `exponentBits` exponent bits and 7 − that many
    /// mantissa bits. `ieee`: an all-ones exponent means infinity (mantissa 0) or NaN;
    /// otherwise all ones is NaN only with an all-ones mantissa (FN), or `unsignedZero`
    /// makes 0x80 the only NaN (FNUZ).
    static func table(exponentBits: Int, bias: Int, ieee: Bool, unsignedZero: Bool) -> [Float] {
        let mantissaBits = 7 - exponentBits
        let exponentMask = (1 << exponentBits) - 1
        let mantissaMask = (1 << mantissaBits) - 1
        return (0..<256).map { byte in
            let negative = byte & 0x80 != 0
            let exponent = (byte >> mantissaBits) & exponentMask
            let mantissa = byte & mantissaMask
            if unsignedZero && byte == 0x80 { return .nan }
            if exponent == exponentMask {
                if ieee { return mantissa == 0 ? (negative ? -.infinity : .infinity) : .nan }
                if !unsignedZero && mantissa == mantissaMask { return .nan }
            }
            let significand: Int, power: Int
            if exponent == 0 {
                (significand, power) = (mantissa, 1 - bias - mantissaBits)
            } else {
                (significand, power) = (mantissa | (1 << mantissaBits), exponent - bias - mantissaBits)
            }
            let magnitude = Float(sign: .plus, exponent: power, significand: Float(significand))
            return negative ? -magnitude : magnitude
        }
    }
}
