import WeightAtlas

/// `weightatlas render FILE -o DIR`: every selected tensor to a PNG, plus manifest.json.
enum RenderCommand {
    static let summary = "render every >=2-D tensor of a weight file into DIR/<tensor>.png and DIR/manifest.json"
    static let usage = "weightatlas render FILE -o DIR [options]"
    static let examples = [
        "weightatlas render model.safetensors -o atlas/",
        "weightatlas render W.npy --input-shape 3x32x32 -o atlas/     # W 100x3072: each row a 32x32 RGB square",
        "weightatlas render model.safetensors --tensor 'conv1.*' --normalize symmetric -o atlas/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        var (file, run) = try RunSetup.open(options.file, image: options.image, backend: options.backend,
                                            compression: options.compression, progress: !options.quiet)
        run.mosaicPath = options.mosaic
        let reports = try run.render(file, model: options.file, to: options.output)
        if !options.quiet {
            let images = reports.filter { $0.image != nil }.count
            Terminal.out("\(options.file): \(images) images, \(reports.count - images) stats-only tensors -> "
                         + "\(options.output)/manifest.json (\(run.backend.description))")
        }
        return .done
    }
}
