import PNGBridge

/// A decoded 8-bit grey or RGB PNG (libpng through PNGBridge): for tests and checks.
public struct PNGImage: Sendable, Equatable {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// Rows packed top to bottom.
    public var pixels: [UInt8]

    /// Decodes the file at `path` (calls `wa_png_read_info`, `wa_png_read`).
    /// - Throws: `PNGDecodeError` naming the file when it cannot be decoded.
    public init(path: String) throws(PNGDecodeError) {
        var message = [CChar](repeating: 0, count: 256)
        var w: UInt32 = 0, h: UInt32 = 0, c: Int32 = 0
        guard wa_png_read_info(path, &w, &h, &c, &message, message.count) == 0 else {
            throw PNGDecodeError(path: path, message: LibPNGWriter.text(message))
        }
        width = Int(w)
        height = Int(h)
        channels = Int(c)
        var pixels = [UInt8](repeating: 0, count: width * height * channels)
        let status = pixels.withUnsafeMutableBufferPointer { wa_png_read(path, $0.baseAddress, $0.count, &message, message.count) }
        guard status == 0 else { throw PNGDecodeError(path: path, message: LibPNGWriter.text(message)) }
        self.pixels = pixels
    }

    /// The channel values of pixel (x, y).
    public func pixel(x: Int, y: Int) -> ArraySlice<UInt8> {
        let start = (y * width + x) * channels
        return pixels[start..<(start + channels)]
    }
}

/// Why a PNG could not be decoded.
public struct PNGDecodeError: Error, CustomStringConvertible, Sendable {
    /// The file.
    public var path: String
    /// libpng's message.
    public var message: String

    /// `PATH: cannot decode PNG (WHY)`.
    public var description: String { "\(path): cannot decode PNG (\(message))" }
}
