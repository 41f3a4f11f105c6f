import CHDF5
import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor
import HDF5Reader

/// HDF5 files that would make the reader load code or read one dataset many times
/// (Tests/Fixtures/hostile-hdf5 and invalid/keras-plugin-filter-*.h5, from make_hostile_paths.py).
@Suite struct HDF5HostileObjectTests {
    static let folder = Fixtures.root.appendingPathComponent("hostile-hdf5").path

    /// A C compiler on PATH (the Swift toolchain brings clang).
    static func compiler() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for name in ["cc", "clang", "gcc"] {
            for folder in path.split(separator: ":") where access("\(folder)/\(name)", X_OK) == 0 {
                return "\(folder)/\(name)"
            }
        }
        return nil
    }

    /// Builds `folder/libmarker.so`, which creates $WEIGHTATLAS_PLUGIN_MARKER when loaded.
    func buildMarkerPlugin(in folder: String) throws {
        let source = folder + "/marker.c"
        try """
        #include <stdio.h>
        #include <stdlib.h>
        __attribute__((constructor)) static void loaded(void) {
            const char *path = getenv("WEIGHTATLAS_PLUGIN_MARKER");
            FILE *file = path ? fopen(path, "w") : NULL;
            if (file) { fputs("loaded\\n", file); fclose(file); }
        }
        """.write(toFile: source, atomically: true, encoding: .utf8)
        let cc = try #require(Self.compiler(), "no C compiler on PATH")
        let process = try Process.run(URL(fileURLWithPath: cc), arguments: ["-shared", "-fPIC", "-o", folder + "/libmarker.so", source])
        process.waitUntilExit()
        try #require(process.terminationStatus == 0 && access(folder + "/libmarker.so", R_OK) == 0)
    }

    /// With HDF5_PLUGIN_PATH naming a folder of libraries, a dataset whose filter needs a
    /// plugin is refused naming the filter, and no library is loaded (before: libhdf5's
    /// search dlopened the marker library, which created its file).
    @Test(arguments: [("keras-plugin-filter-blosc.h5", "filter 32001 (blosc)"), ("keras-plugin-filter-bzip2.h5", "filter 307 (bzip2)")])
    func aPluginFilterIsRefusedAndNoPluginIsLoaded(_ name: String, _ filter: String) throws {
        let plugins = CLI.temporaryFolder()
        defer { CLI.cleanup(plugins) }
        try buildMarkerPlugin(in: plugins)
        let marker = plugins + "/loaded"
        let path = Fixtures.invalid(name)
        let result = ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: plugins,
                                      environment: ["HDF5_PLUGIN_PATH": plugins, "WEIGHTATLAS_PLUGIN_MARKER": marker],
                                      killAfter: 10)
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
        for part in [path, "tensor 'dense/dense/kernel:0'", "\(filter) is an HDF5 plugin, and plugins are never loaded", "at byte"] {
            #expect(result.stderr.contains(part), "no \(part) in: \(result.stderr)")
        }
        #expect(access(marker, F_OK) != 0, "a plugin library was loaded")
    }

    /// The reader's environment has no plugin path and says "no plugins" to libhdf5.
    @Test func theReaderIsStartedWithoutAPluginPath() {
        let environment = HDF5.ReaderProcess.environment(["HDF5_PLUGIN_PATH": "/evil", "HOME": "/home/u"])
        #expect(environment == ["HDF5_PLUGIN_PRELOAD=::", "HOME=/home/u"])
    }

    /// Once the lock has been taken, libhdf5 loads no plugin of any type.
    @Test func pluginLoadingIsOffOnceLibhdf5IsSetUp() throws {
        var state: UInt32 = 0xFFFF
        try HDF5.locked { () throws(FormatError) in
            #expect(H5PLget_loading_state(&state) >= 0)
        }
        #expect(state == 0)
    }

    /// The reader opens its file once without blocking and hands libhdf5 that descriptor's
    /// /proc path: a FIFO at the name is refused at once (libhdf5's own open would block).
    @Test func theReaderRefusesAFIFOWithoutBlocking() throws {
        let folder = CLI.temporaryFolder()
        defer { CLI.cleanup(folder) }
        try #require(mkfifo(folder + "/weights.h5", 0o600) == 0)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try HDF5.Sandbox.readerPath())
        process.arguments = [folder + "/weights.h5", "0", "0"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        let stuck = process.isRunning
        if stuck { process.terminate() }
        #expect(!stuck, "the reader blocked on the FIFO")
        let frame = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(frame.hasPrefix("E") && frame.contains("notRegularFile") && frame.contains("a FIFO"), "\(frame)")
    }

    /// 2,000 hard links to one 1 MiB dataset: one tensor, read once (it took 2.1 GiB and
    /// 60 s when every link was read and kept).
    @Test func aDatasetLinkedTwoThousandTimesIsReadOnce() throws {
        let path = Self.folder + "/two-thousand-links.h5"
        let file = try WeightFiles.open(path)
        #expect(file.tensors.map(\.name) == ["dense/kernel"])
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: out, killAfter: 20)
        #expect(result.status == 0, "exit \(result.status): \(result.stderr)")
        #expect(result.peakBytes < 64 << 20, "peak RSS \(result.peakBytes >> 20) MiB")
        #expect(result.cpuSeconds < 4, "\(result.cpuSeconds) s of CPU")
    }

    /// 64 distinct 1 MiB datasets of zeros in a 105 KB file: past 100x the file + 16 MiB the
    /// reader refuses the next one, naming it, before reading it.
    @Test func readsPastTheBudgetAreRefused() throws {
        let path = Self.folder + "/past-the-read-budget.h5"
        let out = CLI.temporaryFolder()
        defer { CLI.cleanup(out) }
        let result = ChildProcess.run(["render", path, "-o", "atlas", "--quiet", "--backend", "cpu"], in: out, killAfter: 20)
        #expect(result.status == 3, "exit \(result.status): \(result.stderr)")
        for part in [path, "tensor 'd26/d26/kernel:0'", "bytes read (100x the file + 16 MiB)", "at byte"] {
            #expect(result.stderr.contains(part), "no \(part) in: \(result.stderr)")
        }
        #expect(result.peakBytes < 96 << 20, "peak RSS \(result.peakBytes >> 20) MiB")
    }

    @Test func theBudgetIsAHundredTimesTheFilePlusSixteenMiB() throws {
        var budget = HDF5.ReadBudget(fileSize: 1000)
        #expect(budget.limit == 100_000 + 16 << 20)
        try budget.charge(budget.limit - 1, dataset: "a", offset: 8)
        #expect(throws: FormatError.self) { try budget.charge(2, dataset: "b", offset: 8) }
        #expect(HDF5.ReadBudget(fileSize: Int.max).limit == Int.max)
    }
}
