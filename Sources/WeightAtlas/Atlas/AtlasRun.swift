#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlasEncode
import WeightAtlasFormats
import WeightAtlasRender
import WeightAtlasTensor

/// Progress of a run, reported after each tensor.
public struct AtlasProgress: Sendable {
    /// Tensors finished.
    public var done: Int
    /// Tensors in the run.
    public var total: Int
    /// The tensor just finished.
    public var tensor: String
}

/// Renders or inspects the selected tensors of one weight file.
public struct AtlasRun: Sendable {
    /// Layout and normalisation.
    public var options: RenderOptions
    /// The backend doing the per-value work.
    public var backend: any RenderBackend
    /// Used instead when `backend` fails (`--backend auto`); nil: a failure ends the run.
    public var fallback: (any RenderBackend)?
    /// PNG compression preset.
    public var compression: PNGCompression = .default
    /// Which tensors.
    public var selection = TensorSelection()
    /// Also write every image into this one PNG (`--mosaic`).
    public var mosaicPath: String?
    /// Called after each tensor.
    public var progress: @Sendable (AtlasProgress) -> Void = { _ in }
    /// Called with one-line warnings (a backend fallback).
    public var warn: @Sendable (String) -> Void = { _ in }

    /// A run with `options` on `backend`.
    public init(options: RenderOptions, backend: any RenderBackend) {
        self.options = options
        self.backend = backend
    }

    /// The selected tensors of `file`, in file order.
    public func tensors(of file: any WeightFile) -> [TensorInfo] {
        file.tensors.filter { selection.contains($0.name) }
    }

    /// Statistics and layouts of the selected tensors.
    /// - Throws: `AtlasError` from the input or the backend.
    public mutating func inspect(_ file: any WeightFile) throws(AtlasError) -> [TensorReport] {
        try each(file) { renderer, info throws(AtlasError) in try renderer.inspect(info, in: file) }
    }

    /// Renders the selected tensors into `directory` (created if missing): one PNG each and
    /// `manifest.json`, which names `model` as given. Returns the reports. When the run
    /// succeeds, the outputs an earlier run's manifest there listed and this one does not are
    /// removed (`StaleOutputs`); a failed run leaves the folder's earlier files as they were.
    /// - Throws: `AtlasError` from the input, the backend or the output.
    public mutating func render(_ file: any WeightFile, model: String, to directory: String) throws(AtlasError) -> [TensorReport] {
        do throws(OutputError) { try Self.makeDirectory(directory) } catch { throw .output(error) }
        let previous = StaleOutputs(listedIn: directory)
        var names = ImageNames()
        let files = Dictionary(tensors(of: file).map { ($0.name, names.name(for: $0.name)) }) { first, _ in first }
        var reports = try each(file) { renderer, info throws(AtlasError) in
            var report = try renderer.render(info, in: file, to: directory + "/" + files[info.name]!)
            if let image = report.image { report.image = String(image.dropFirst(directory.count + 1)) }
            return report
        }
        do throws(OutputError) {
            try ViewerFiles.writeTiles(&reports, in: directory)
            let mosaic = try mosaicPath.map { path throws(OutputError) in
                try Mosaic.write(reports, directory: directory, to: path, pad: options.padValue, compression: compression)
            }
            let manifest = Manifest.document(model: model, format: type(of: file).formatName, backend: backend.description,
                                             options: options, tensors: reports, mosaic: mosaic)
            try AtomicFile.write(Array((manifest.serialized(indent: 1) + "\n").utf8), to: directory + "/manifest.json")
            try ViewerFiles.writePage(manifest: manifest, in: directory)
            for failure in previous.removeAll(notListedIn: manifest) {
                warn("\(directory)/\(failure): an earlier run's output, not removed")
            }
        } catch { throw .output(error) }
        return reports
    }

    /// Runs `body` for each selected tensor, switching to the fallback backend once if the
    /// backend fails.
    mutating func each(_ file: any WeightFile,
                       _ body: (TensorRenderer, TensorInfo) throws(AtlasError) -> TensorReport) throws(AtlasError) -> [TensorReport] {
        let selected = tensors(of: file)
        var reports: [TensorReport] = []
        for (i, info) in selected.enumerated() {
            var renderer = TensorRenderer(options: options, backend: backend)
            renderer.compression = compression
            do {
                reports.append(try body(renderer, info))
            } catch .backend(let error) where fallback != nil {
                warn("\(backend.description) failed (\(error.message)); continuing on the CPU backend")
                backend = fallback!
                fallback = nil
                renderer.backend = backend
                reports.append(try body(renderer, info))
            }
            progress(AtlasProgress(done: i + 1, total: selected.count, tensor: info.name))
        }
        return reports
    }

    /// `mkdir -p` (calls `mkdir` for each missing component).
    static func makeDirectory(_ path: String) throws(OutputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw OutputError(path: path, errno: errno)
            }
        }
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw OutputError(path: path, message: "not a directory")
        }
    }
}
