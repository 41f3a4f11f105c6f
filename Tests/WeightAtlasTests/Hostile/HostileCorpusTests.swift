import Foundation
import Testing

/// Every file in Tests/Fixtures/invalid (make_*invalid*.py and make_hostile_corpus.py), run
/// through `weightatlas render FILE -o DIR` as a user would: exit 3, a message naming the
/// file, the byte offset and the error kind its Tests/Fixtures/hostile-expected line gives,
/// on one line, within 4 s of CPU, in bounded memory, nothing executed and nothing left in DIR.
@Suite struct HostileCorpusTests {
    /// Every invalid fixture (sharded indexes included: they are opened by name).
    static let corpus: [String] = {
        let folder = Fixtures.root.appendingPathComponent("invalid").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }()

    /// Peak resident memory allowed to a child failing on a hostile file: the CLI itself
    /// takes ~20 MiB; the ratio bombs would take 64 MiB or more if they were inflated.
    static let memoryLimit = 48 << 20
    /// CPU seconds allowed per file (CPU, not wall time: the test machine's cores are shared,
    /// so wall time is checked against a looser bound that only catches hangs). System time
    /// grows with load too: fuzz-hdf5-group-walk-unbounded.keras (two processes, libhdf5 in
    /// the second) takes 1.16 s of the debug build alone and 2.16–2.22 s while the real-model
    /// suites render on both cores; the attacks this catches took tens of seconds or more.
    static let cpuLimit = 4.0
    static let wallLimit = 10.0

    /// What each file's message must contain (Tests/Fixtures/hostile-expected/*.tsv): the
    /// sentence of the error kind it must give, so a file refused for the wrong reason fails.
    static let expectedKinds: [String: String] = {
        let folder = Fixtures.root.appendingPathComponent("hostile-expected")
        let tables = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tsv") }
        var kinds: [String: String] = [:]
        for table in tables {
            let text = (try? String(contentsOf: folder.appendingPathComponent(table), encoding: .utf8)) ?? ""
            for line in text.split(separator: "\n") where !line.hasPrefix("#") {
                let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
                if fields.count == 2 { kinds[fields[0]] = fields[1] }
            }
        }
        return kinds
    }()

    @Test func corpusIsLarge() {
        #expect(Self.corpus.count > 250, "\(Self.corpus.count) files")
    }

    @Test func everyFileHasAnExpectedKindAndEveryKindAFile() {
        let files = Set(Self.corpus), named = Set(Self.expectedKinds.keys)
        #expect(files.subtracting(named).isEmpty, "no expected kind for \(files.subtracting(named).sorted())")
        #expect(named.subtracting(files).isEmpty, "expected kinds for missing files \(named.subtracting(files).sorted())")
    }

    @Test(arguments: corpus)
    func hostileFileExitsThree(_ name: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let path = Fixtures.invalid(name)
        let result = ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: out,
                                      killAfter: Self.wallLimit)
        #expect(!result.killed, "\(name): killed after \(Self.wallLimit) s")
        #expect(result.signal == 0, "\(name): died of signal \(result.signal): \(result.stderr)")
        #expect(result.status == 3, "\(name): exit \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(path), "\(name): \(result.stderr)")
        #expect(result.stderr.contains("at byte"), "\(name): no offset: \(result.stderr)")
        if let kind = Self.expectedKinds[name] {
            #expect(result.stderr.contains(kind), "\(name): expected '\(kind)': \(result.stderr)")
        }
        #expect(result.stderr.split(separator: "\n").count == 1, "\(name): one line per error: \(result.stderr)")
        #expect(result.cpuSeconds < Self.cpuLimit, "\(name): \(result.cpuSeconds) s of CPU")
        #expect(result.peakBytes < Self.memoryLimit, "\(name): peak RSS \(result.peakBytes >> 20) MiB")
        let left = FileManager.default.enumerator(atPath: out)?.allObjects.compactMap { $0 as? String } ?? []
        #expect(!left.contains { $0.hasSuffix(".png") || $0.contains(".tmp-") }, "\(name) left \(left)")
        #expect(!left.contains { $0.hasSuffix("weightatlas-pwned") }, "\(name) ran code: \(left)")
    }
}

/// Inputs the fuzz targets crashed on that are, once fixed, readable (Tests/Fixtures/fuzz-regressions):
/// they must render or be refused (exit 0 or 3), never crash.
@Suite struct FuzzRegressionTests {
    static let files: [String] = {
        let folder = Fixtures.root.appendingPathComponent("fuzz-regressions").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }()

    @Test(arguments: files)
    func fixedCrasherRendersOrIsRefused(_ name: String) throws {
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let path = Fixtures.root.appendingPathComponent("fuzz-regressions/" + name).path
        let result = ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: out, killAfter: 20)
        #expect(result.signal == 0 && !result.killed, "\(name): \(result.stderr)")
        #expect(result.status == 0 || result.status == 3, "\(name): exit \(result.status): \(result.stderr)")
    }
}
