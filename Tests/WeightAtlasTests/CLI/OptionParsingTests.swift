import Testing
@testable import weightatlas
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// `Option` declarations and the `Arguments` parser: the typed values, the usage errors
/// that name the option and the bad text, aliases, `=` forms, repeats and flags.
@Suite struct OptionParsingTests {
    enum Sample {
        static let cols = Option<Int?>("--cols", placeholder: "N", help: "tiles per row", .integer(in: 1...100))
        static let padding = Option<Int>("--padding", placeholder: "PX", help: "pixels between tiles (default 1)",
                                         .integer(in: 0...10), default: 1)
        static let scope = Option<Scope>("--scope", placeholder: "SCOPE", help: "normalisation group", .choice, default: .filter)
        static let output = Option<String?>("--output", short: "-o", placeholder: "DIR", help: "output folder", .text)
        static let tensor: Option<[String]> = .repeated("--tensor", placeholder: "NAME", help: "a glob (repeatable)", .text)
        static let bgr = Option<Bool>.flag("--bgr", help: "B,G,R filters")
        static let quiet = Option<Bool>.flag("--quiet", short: "-q", help: "no progress")
        static let specs = [cols.spec, padding.spec, scope.spec, output.spec, tensor.spec, bgr.spec, quiet.spec]
    }

    static func parse(_ words: [String]) throws(UsageError) -> Arguments { try Arguments(words, specs: Sample.specs) }

    @Test func valuesAreTypedAndDefaultsApplyWhenAbsent() throws {
        let given = try Self.parse(["model", "--cols", "8", "--padding", "3", "--scope", "layer", "--output", "out", "--bgr"])
        #expect(given.positional == ["model"])
        #expect(try given.value(Sample.cols) == 8 && given.value(Sample.padding) == 3 && given.value(Sample.scope) == .layer)
        #expect(try given.value(Sample.output) == "out" && given.value(Sample.bgr) && !given.value(Sample.quiet))
        let absent = try Self.parse(["model"])
        #expect(try absent.value(Sample.cols) == nil && absent.value(Sample.padding) == 1 && absent.value(Sample.scope) == .filter)
        #expect(try absent.value(Sample.tensor) == [] && !absent.value(Sample.bgr))
        #expect(!absent.given(Sample.padding) && given.given(Sample.padding))
        #expect(try absent.value(Sample.scope, default: .kernel) == .kernel && given.value(Sample.scope, default: .kernel) == .layer)
    }

    @Test func equalsFormsAndAliasesGiveTheSameValues() throws {
        let spaced = try Self.parse(["--cols", "8", "-o", "out", "-q"])
        let joined = try Self.parse(["--cols=8", "--output=out", "--quiet"])
        for arguments in [spaced, joined] {
            #expect(try arguments.value(Sample.cols) == 8 && arguments.value(Sample.output) == "out" && arguments.value(Sample.quiet))
        }
        #expect(try Self.parse(["--output=a=b"]).value(Sample.output) == "a=b")   // the first '=' splits
        #expect(try Self.parse(["--output="]).value(Sample.output) == "")
    }

    @Test(arguments: [
        (["--cols", "0"], "--cols must be an integer in 1...100, not '0'"),
        (["--cols=abc"], "--cols must be an integer in 1...100, not 'abc'"),
        (["--cols="], "--cols must be an integer in 1...100, not ''"),
        (["--padding", "-1"], "--padding must be an integer in 0...10, not '-1'"),
        (["--scope", "row"], "--scope must be one of filter|kernel|layer, not 'row'"),
    ])
    func badValuesNameTheOptionAndTheText(_ words: [String], _ message: String) throws {
        let arguments = try Self.parse(words)   // the parser takes any text; the declaration reads it
        #expect(throws: UsageError(message: message)) {
            _ = try arguments.value(Sample.cols)
            _ = try arguments.value(Sample.padding)
            _ = try arguments.value(Sample.scope)
        }
    }

    @Test(arguments: [
        (["--cols"], "--cols needs a value (N)"),
        (["-o"], "--output needs a value (DIR)"),
        (["--bgr=yes"], "--bgr takes no value"),
        (["--bgr", "--bgr"], "--bgr given more than once"),
        (["--cols", "2", "--cols=3"], "--cols given more than once"),
        (["-o", "a", "--output", "b"], "--output given more than once"),
        (["--colz", "2"], "unknown option --colz; did you mean --cols?"),
        (["--hepl"], "unknown option --hepl; did you mean --help?"),
        (["--frobnicate"], "unknown option --frobnicate"),
        (["-o=out"], "unknown option -o=out"),   // '=' joins long names only
    ])
    func malformedCommandLinesAreUsageErrors(_ words: [String], _ message: String) {
        #expect(throws: UsageError(message: message)) { try Self.parse(words) }
    }

    @Test func repeatedOptionsKeepTheirOrder() throws {
        let arguments = try Self.parse(["--tensor", "b*", "x", "--tensor=a", "--tensor", "c"])
        #expect(try arguments.value(Sample.tensor) == ["b*", "a", "c"])
        #expect(arguments.positional == ["x"])
    }

    @Test func aDoubleDashEndsTheOptionsAndADashIsPositional() throws {
        let arguments = try Self.parse(["-", "--", "--cols", "-o"])
        #expect(arguments.positional == ["-", "--cols", "-o"])
        #expect(try arguments.value(Sample.cols) == nil)
    }

    @Test(arguments: [
        ("minmax", Normalization.minmax), ("symmetric", .symmetric), ("robust", .robust(1)),
        ("robust:0.5", .robust(0.5)), ("percentile:2", .percentile(2)), ("torchvision", .torchvision(nil)),
        ("torchvision:0.1,0.7", .torchvision(.init(lo: 0.1, hi: 0.7))), ("torchvision:-1,-1", .torchvision(.init(lo: -1, hi: -1))),
    ])
    func normalizationValues(_ text: String, _ expected: Normalization) throws {
        #expect(try OptionValue.normalization.parse(text, "--normalize") == expected)
    }

    @Test(arguments: ["median", "percentile", "percentile:50", "robust:x", "robust:-1", "minmax:1"])
    func badNormalizations(_ text: String) {
        let expected = "--normalize must be minmax, symmetric, percentile:Q, robust[:Q] with 0 <= Q < 50, or torchvision[:LO,HI], not '\(text)'"
        #expect(throws: UsageError(message: expected)) { try OptionValue.normalization.parse(text, "--normalize") }
    }

    @Test(arguments: ["torchvision:1,0", "torchvision:1", "torchvision:0,1,2", "torchvision:x,1", "torchvision:0,inf", "torchvision:"])
    func badTorchvisionRanges(_ text: String) {
        let expected = "--normalize must be torchvision:LO,HI with finite LO <= HI, not '\(text)'"
        #expect(throws: UsageError(message: expected)) { try OptionValue.normalization.parse(text, "--normalize") }
    }

    @Test func inputShapesAreWrittenChannelsFirst() throws {
        let shape = try OptionValue.inputShape.parse("fc1.*=1X28x28", "--input-shape")
        #expect(shape == WrittenInputShape(text: "fc1.*=1X28x28", pattern: "fc1.*", channels: 1, height: 28, width: 28))
        let rule = try shape.rule(layout: .hwc)
        #expect(rule == InputShapeRule(pattern: "fc1.*", shape: InputShape(channels: 1, height: 28, width: 28, layout: .hwc)))
        #expect(throws: UsageError(message: "--input-shape '=3x4x4': nothing before '='")) {
            try OptionValue.inputShape.parse("=3x4x4", "--input-shape")
        }
        for bad in ["3x32", "0x4x4", "3x4x4x1", "3x4x2000000", "axbxc"] {
            #expect(throws: UsageError.invalid("--input-shape", mustBe: "[GLOB=]CxHxW with three positive sizes like 3x32x32", not: bad)) {
                try OptionValue.inputShape.parse(bad, "--input-shape")
            }
        }
        // 4x4x3 with hwc reads as 4 channels: HxWxC written in storage order is caught.
        let storageOrder = try OptionValue.inputShape.parse("dense=4x4x3", "--input-shape")
        #expect(try storageOrder.rule(layout: .chw).shape.channels == 4)
        #expect(throws: UsageError(message: "--input-shape is written CxHxW for every --input-layout (hwc only says a row stores "
                                   + "HxWxC): did you mean 3x4x4? ('dense=4x4x3' reads as 4 channels of 4x3)")) {
            try storageOrder.rule(layout: .hwc)
        }
    }

    @Test func numbersFractionsAndWords() throws {
        #expect(try OptionValue.nonNegative.parse("1e3", "--max-abs") == 1000)
        for bad in ["-1", "inf", "nan", "x", ""] {
            #expect(throws: UsageError(message: "--max-abs must be a number >= 0, not '\(bad)'")) {
                try OptionValue.nonNegative.parse(bad, "--max-abs")
            }
        }
        #expect(try OptionValue.fraction.parse("1", "--dead-fraction") == 1)
        #expect(throws: UsageError(message: "--dead-fraction must be in 0...1, not 2.0")) { try OptionValue.fraction.parse("2", "--dead-fraction") }
        #expect(throws: UsageError(message: "--dead-fraction must be a number >= 0, not 'x'")) { try OptionValue.fraction.parse("x", "--dead-fraction") }
        #expect(try OptionValue.oneOf(["nan", "inf"]).parse("inf", "--skip-check") == "inf")
        #expect(throws: UsageError(message: "--skip-check must be one of nan|inf, not 'nans'")) {
            try OptionValue.oneOf(["nan", "inf"]).parse("nans", "--skip-check")
        }
        #expect(try OptionValue.shard.parse("1/4", "--shard") == ZooShard(index: 1, count: 4))
        #expect(throws: UsageError(message: "--shard must be i/n (e.g. 0/4), not '1-4'")) { try OptionValue.shard.parse("1-4", "--shard") }
        #expect(throws: UsageError(message: "shard 4 of 4 does not exist (shards are 0..<count, count >= 1)")) {
            try OptionValue.shard.parse("4/4", "--shard")
        }
    }

    /// The help line of an option is its declaration's: label (alias, name, placeholder) and text.
    @Test func helpLinesComeFromTheDeclarations() {
        let command = Help.Command(name: "sample", summary: "a sample", usage: "weightatlas sample", specs: Sample.specs, examples: [])
        let lines = Help.text(for: command).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let options = Array(lines.drop { $0 != "options:" }.dropFirst().prefix(Sample.specs.count + 1))
        #expect(options == [
            "  --cols N          tiles per row",
            "  --padding PX      pixels between tiles (default 1)",
            "  --scope SCOPE     normalisation group",
            "  -o, --output DIR  output folder",
            "  --tensor NAME     a glob (repeatable)",
            "  --bgr             B,G,R filters",
            "  -q, --quiet       no progress",
            "  -h, --help        show this help",
        ])
    }

    /// Where a help line names a default, it is the declaration's.
    @Test func helpLinesNameTheDeclaredDefaults() {
        let pairs: [(OptionSpec, String)] = [
            (ImageOptions.padding.spec, "default \(ImageOptions.padding.defaultValue)"),
            (ImageOptions.padValue.spec, "default \(ImageOptions.padValue.defaultValue)"),
            (ImageOptions.maxSize.spec, "default \(ImageOptions.maxSize.defaultValue)"),
            (ImageOptions.dziThreshold.spec, "default \(ImageOptions.dziThreshold.defaultValue)"),
            (ImageOptions.inputLayout.spec, "default \(ImageOptions.inputLayout.defaultValue.rawValue)"),
            (ImageOptions.reduce.spec, "default \(ImageOptions.reduce.defaultValue.rawValue)"),
            (ImageOptions.scope.spec, "\(ImageOptions.scope.defaultValue.rawValue) (default)"),
            (BackendOptions.backend.spec, "\(BackendOptions.backend.defaultValue.rawValue) (default)"),
        ]
        for (spec, text) in pairs { #expect(spec.help.contains(text), "\(spec.name): \(spec.help)") }
    }
}
