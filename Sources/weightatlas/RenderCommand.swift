import WeightAtlas

/// `weightatlas render FILE -o DIR`: every selected tensor to a PNG, plus manifest.json.
enum RenderCommand {
    static let summary = "render every >=2-D tensor of a weight file into DIR/<tensor>.png and DIR/manifest.json"
    static let specs = [
        OutputOptions.output,
        OutputOptions.compression,
        OptionSpec(name: "--mosaic", placeholder: "FILE.png", help: "also write every image into one PNG, layers in model order"),
        OutputOptions.quiet("no progress or summary"),
    ] + RenderOptionsParsing.specs + BackendOptions.specs
    static let usage = "weightatlas render FILE -o DIR [options]"
    static let examples = [
        "weightatlas render model.safetensors -o atlas/",
        "weightatlas render W.npy --input-shape 3x32x32 -o atlas/     # W 100x3072: each row a 32x32 RGB square",
        "weightatlas render model.safetensors --tensor 'conv1.*' --normalize symmetric -o atlas/",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let setup = try RunSetup(words, specs: specs, command: "render", check: { arguments in
            guard arguments.value("--output") != nil else { throw UsageError(message: "render needs -o DIR") }
            _ = try arguments.choice("--compression", PNGCompression.self)
        }, quiet: { $0.flag("--quiet") })
        let (path, output, quiet) = (setup.path, setup.arguments.value("--output")!, setup.arguments.flag("--quiet"))
        var run = setup.run
        run.compression = try OutputOptions.compression(setup.arguments)
        run.mosaicPath = setup.arguments.value("--mosaic")
        let reports = try run.render(setup.file, model: path, to: output)
        if !quiet {
            let images = reports.filter { $0.image != nil }.count
            Terminal.out("\(path): \(images) images, \(reports.count - images) stats-only tensors -> \(output)/manifest.json (\(run.backend.description))")
        }
        return .done
    }
}
