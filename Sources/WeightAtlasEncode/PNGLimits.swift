/// The message for an image a PNG cannot hold: PNG allows 2³¹−1 pixels a side, libpng
/// (the `best` preset) 1 000 000 by default, and a row must fit the writers' buffers.
/// Deep Zoom pyramids have no such limit, so the message points there.
enum PNGLimits {
    /// "W×H is beyond ENGINE's limits (LIMIT pixels a side); write it as a Deep Zoom pyramid: --dzi".
    static func message(width: Int, height: Int, limit: Int, engine: String) -> String {
        "\(width)×\(height) is beyond \(engine)'s limits (\(limit) pixels a side, rows under 1 GiB); "
            + "write it as a Deep Zoom pyramid instead: --dzi (or --dzi-threshold N)"
    }
}
