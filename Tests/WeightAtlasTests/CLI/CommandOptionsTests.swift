import Testing
@testable import weightatlas
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Each command's `Options` parsed from real argument lists: typed fields, the commands' own
/// defaults, and the usage errors in the order the commands report them. Every init reads
/// each of its fields, so a field read from an undeclared option would trap here.
@Suite struct CommandOptionsTests {
    @Test func render() throws {
        let options = try RenderCommand.Options(["m.safetensors", "-o", "out", "--scale=4", "--tensor", "a", "--tensor", "b*",
                                                 "--normalize", "percentile:2", "--backend", "cpu", "--mosaic", "m.png", "-q",
                                                 "--compression", "best", "--input-shape", "dense=3x4x4", "--input-layout", "hwc"])
        #expect(options.file == "m.safetensors" && options.output == "out" && options.mosaic == "m.png" && options.quiet)
        #expect(options.compression == .best && options.backend.choice == .cpu && options.backend.device == nil)
        #expect(options.image.selection == TensorSelection(["a", "b*"]))
        var expected = RenderOptions()
        expected.scale = 4
        expected.normalization = .percentile(2)
        expected.inputShapes = [InputShapeRule(pattern: "dense", shape: InputShape(channels: 3, height: 4, width: 4, layout: .hwc))]
        #expect(options.image.render == expected)
        let plain = try RenderCommand.Options(["m.safetensors", "--output=out"])
        #expect(plain.image.render == RenderOptions() && plain.compression == .default && !plain.quiet && plain.mosaic == nil)
        #expect(plain.backend.choice == .auto && plain.image.selection == TensorSelection([]))
    }

    @Test func renderImageFlags() throws {
        let options = try RenderCommand.Options(["m", "-o", "o", "--full", "--bgr", "--dzi", "--dzi-threshold", "200", "--reduce", "rms",
                                                 "--cols", "3", "--padding", "0", "--pad-value", "255", "--colormap", "magma",
                                                 "--scope", "kernel"])
        let render = options.image.render
        #expect(render.maxSize == 1 << 40 && render.bgr && render.deepZoom && render.deepZoomThreshold == 200)
        #expect(render.reduction == .rms && render.cols == 3 && render.padding == 0 && render.padValue == 255)
        #expect(render.colormap == .magma && render.scope == .kernel && !render.logMagnitude)
    }

    @Test(arguments: [
        (["m"], "render needs -o DIR"),
        (["-o", "out"], "render takes one FILE (got 0)"),
        (["a", "b", "-o", "out"], "render takes one FILE (got 2)"),
        (["a", "--compression", "max"], "render needs -o DIR"),                                 // -o is asked for first
        (["a", "-o", "o", "--compression", "max", "--cols", "0"], "--compression must be one of none|fast|default|best, not 'max'"),
        (["a", "-o", "o", "--cols", "0", "--scope", "row"], "--scope must be one of filter|kernel|layer, not 'row'"),
        (["a", "-o", "o", "--full", "--max-size", "10"], "--full and --max-size exclude each other"),
        (["a", "-o", "o", "--full", "--log"], "--log draws the reduced image, which --full does not make; drop one"),
        (["a", "-o", "o", "--input-layout", "hwc"], "--input-layout needs --input-shape"),
        (["a", "-o", "o", "--backend", "cpu", "--device", "0"], "--device needs --backend opencl or auto"),
        (["a", "-o", "o", "--device", "2000"], "--device must be an integer in 0...1000, not '2000'"),
        (["a", "-o", "o", "--json"], "unknown option --json"),
    ])
    func renderUsageErrors(_ words: [String], _ message: String) {
        #expect(throws: UsageError(message: message)) { try RenderCommand.Options(words) }
    }

    @Test func inspect() throws {
        let options = try InspectCommand.Options(["m", "--json", "-q", "--width", "80", "--kernels-dir", "k", "--device", "1"])
        #expect(options.file == "m" && options.json && options.quiet && options.width == 80)
        #expect(options.backend.kernelsDirectory == "k" && options.backend.device == 1)
        let plain = try InspectCommand.Options(["m"])
        #expect(!plain.json && !plain.quiet && plain.width == nil)
        #expect(throws: UsageError(message: "--width must be an integer in 20...100000, not '5'")) { try InspectCommand.Options(["m", "--width", "5"]) }
        #expect(throws: UsageError(message: "inspect takes one FILE (got 0)")) { try InspectCommand.Options([]) }
        #expect(throws: UsageError(message: "unknown option --output")) { try InspectCommand.Options(["m", "--output", "x"]) }
    }

    @Test func diffDefaultsToSymmetricLayerWideDifferences() throws {
        let options = try DiffCommand.Options(["a", "b", "-o", "out", "--quiet"])
        #expect(options.a == "a" && options.b == "b" && options.output == "out" && options.quiet)
        #expect(options.image.render.normalization == .symmetric && options.image.render.scope == .layer)
        let given = try DiffCommand.Options(["a", "b", "-o", "out", "--normalize", "minmax", "--scope", "filter"])
        #expect(given.image.render.normalization == .minmax && given.image.render.scope == .filter)
        #expect(throws: UsageError(message: "diff takes two files A and B (got 1)")) { try DiffCommand.Options(["a", "-o", "out"]) }
        #expect(throws: UsageError(message: "diff needs -o DIR")) { try DiffCommand.Options(["a", "b"]) }
        #expect(throws: UsageError(message: "unknown option --mosaic")) { try DiffCommand.Options(["a", "b", "-o", "o", "--mosaic", "x"]) }
    }

    @Test func zoo() throws {
        let options = try ZooCommand.Options([
            "models", "more", "-o", "out", "--list", "l.txt", "--checks", "c.json", "--skip-check", "nan", "--skip-check", "dead",
            "--max-abs", "1e9", "--dead-fraction", "1", "--strict", "--baseline", "b.json", "--tolerance", "0.5",
            "--ignore", "*bias*", "--exclude", "x*", "--exclude", "y", "--shard", "1/4", "--jobs", "2", "--junit", "j.xml",
            "--summary", "s.md", "--link-base", "http://x/", "--compression", "none", "-q", "--backend", "cpu", "--tensor", "conv*",
        ])
        #expect(options.paths == ["models", "more"] && options.output == "out" && options.list == "l.txt" && options.checks == "c.json")
        #expect(options.skipChecks == [.nan, .dead] && options.maxAbs == 1e9 && options.deadFraction == 1 && options.strict)
        #expect(options.baseline == "b.json" && options.tolerance == 0.5 && options.ignore == ["*bias*"] && options.exclude == ["x*", "y"])
        #expect(try options.shard == ZooShard(index: 1, count: 4) && options.shards == nil && options.jobs == 2)
        #expect(options.reports.junit == "j.xml" && options.reports.summary == "s.md" && options.reports.linkBase == "http://x/")
        #expect(options.compression == .none && options.quiet && options.backend.choice == .cpu)
        #expect(options.image.selection == TensorSelection(["conv*"]))
        let listed = try ZooCommand.Options(["--list", "l.txt", "-o", "out", "--shards", "3"])
        #expect(listed.paths.isEmpty && listed.shards == 3 && listed.shard == nil && listed.jobs == nil && !listed.strict)
        #expect(listed.maxAbs == nil && listed.deadFraction == nil && listed.skipChecks.isEmpty && listed.reports.junit == nil)
    }

    @Test(arguments: [
        (["models"], "zoo needs -o DIR"),
        (["-o", "out"], "zoo needs a PATH (a folder of models) or --list FILE"),
        (["m", "-o", "o", "--skip-check", "dead", "--skip-check", "nope"], "--skip-check must be one of nan|inf|dead|exploded|drift|lora-targets|noisy, not 'nope'"),
        (["m", "-o", "o", "--dead-fraction", "2"], "--dead-fraction must be in 0...1, not 2.0"),
        (["m", "-o", "o", "--max-abs", "inf"], "--max-abs must be a number >= 0, not 'inf'"),
        (["m", "-o", "o", "--shard", "x", "--shards", "2"], "give --shard i/n or --shards N, not both"),
        (["m", "-o", "o", "--shards", "x", "--shard", "0/2"], "--shards must be an integer in 1...1000000, not 'x'"),
        (["m", "-o", "o", "--shard", "3/2"], "shard 3 of 2 does not exist (shards are 0..<count, count >= 1)"),
        (["m", "-o", "o", "--jobs", "0"], "--jobs must be an integer in 1...256, not '0'"),
        (["m", "-o", "o", "--junt", "j.xml"], "unknown option --junt; did you mean --junit?"),
    ])
    func zooUsageErrors(_ words: [String], _ message: String) {
        #expect(throws: UsageError(message: message)) { try ZooCommand.Options(words) }
    }

    @Test func merge() throws {
        let options = try MergeCommand.Options(["s0", "s1", "-o", "all", "--move", "--junit", "j.xml", "-q"])
        #expect(options.inputs == ["s0", "s1"] && options.output == "all" && options.move && options.quiet)
        #expect(options.reports.junit == "j.xml" && options.reports.summary == nil)
        #expect(throws: UsageError(message: "merge needs -o DIR")) { try MergeCommand.Options(["s0"]) }
        #expect(throws: UsageError(message: "merge needs the zoo outputs to join")) { try MergeCommand.Options(["-o", "all"]) }
        #expect(throws: UsageError(message: "--move takes no value")) { try MergeCommand.Options(["s0", "-o", "a", "--move=1"]) }
    }

    @Test func devices() throws {
        #expect(try DevicesCommand.Options([]).kernelsDirectory == nil)
        #expect(try DevicesCommand.Options(["--kernels-dir=k"]).kernelsDirectory == "k")
        #expect(throws: UsageError(message: "devices takes no FILE")) { try DevicesCommand.Options(["x"]) }
        #expect(throws: UsageError(message: "unknown option --backend")) { try DevicesCommand.Options(["--backend", "cpu"]) }
    }

    /// Each command's help lists exactly its declarations, in their order, once each.
    @Test func helpListsEachCommandsDeclarations() {
        for command in Help.commands {
            let names = command.specs.map(\.name)
            #expect(Set(names).count == names.count, "\(command.name) declares an option twice")
            let text = Help.text(for: command)
            let lines = text.split(separator: "\n").map(String.init)
            let listed = command.specs.compactMap { spec in lines.firstIndex { $0.hasPrefix("  " + Help.optionLabel(spec) + " ") && $0.hasSuffix(spec.help) } }
            #expect(listed.count == command.specs.count && listed == listed.sorted(), "\(command.name)")
        }
    }
}
