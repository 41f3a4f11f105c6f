import Foundation

/// Renders and checks every model of a zoo into one output folder: `<folder>/` per model
/// (its images, manifest.json and viewer), `zoo.json` and `index.html`.
public struct ZooRun {
    /// How each model is rendered (options, backend, selection, compression).
    public var atlas: AtlasRun
    /// Which checks, with which limits.
    public var checks = CheckConfig()
    /// An earlier zoo.json to check drift against.
    public var baseline: Baseline?
    /// Called when a model starts (done < total) and when it ends.
    public var progress: (ZooProgress) -> Void = { _ in }

    /// A run rendering with `atlas`.
    public init(atlas: AtlasRun) { self.atlas = atlas }

    /// Renders `models` into `directory` and writes zoo.json and index.html there. A model
    /// that cannot be read gets a failed `read` check; the run goes on.
    /// - Throws: `AtlasError.output` when an output cannot be written, `.backend` when a
    ///   demanded backend fails.
    public mutating func run(_ models: [ZooModel], to directory: String) throws(AtlasError) -> ZooDocument {
        do throws(OutputError) { try AtlasRun.makeDirectory(directory) } catch { throw .output(error) }
        let start = Date()
        var entries: [ZooEntry] = [], bytes = 0
        for (i, model) in models.enumerated() {
            progress(ZooProgress(done: i, total: models.count, model: model.path, elapsed: Date().timeIntervalSince(start), bytes: bytes))
            entries.append(try entry(for: model, in: directory))
            bytes += Self.size(of: model.location)
            progress(ZooProgress(done: i + 1, total: models.count, model: model.path, elapsed: Date().timeIntervalSince(start), bytes: bytes))
        }
        let document = ZooDocument(models: entries)
        do throws(OutputError) {
            try ZooOutput.write(document, folders: models.map(\.folder), to: directory)
        } catch { throw .output(error) }
        return document
    }

    /// One model rendered and checked.
    mutating func entry(for model: ZooModel, in directory: String) throws(AtlasError) -> ZooEntry {
        let folder = directory + "/" + model.folder
        do {
            let file = try WeightFiles.open(model.location)
            let reports = try atlas.render(file, model: model.path, to: folder)
            let manifest = try ZooOutput.readManifest(in: folder)
            var results = HealthChecks.run(reports, config: checks)
            if let baseline { results += baseline.checks(model: model.path, current: reports.map(TensorFacts.init), config: checks) }
            return ZooEntry(path: model.path, manifest: manifest, checks: results)
        } catch let error as FormatError {
            return unreadable(model, error.description)
        } catch let error as AtlasError {
            guard case .format(let format) = error else { throw error }
            return unreadable(model, format.description)
        } catch {
            return unreadable(model, "\(error)")
        }
    }

    /// The entry of a model that cannot be read: no manifest, one failed `read` check whose
    /// detail names the model by its zoo path (no machine-dependent location).
    func unreadable(_ model: ZooModel, _ message: String) -> ZooEntry {
        let detail = message.replacingOccurrences(of: model.location, with: model.path)
        return ZooEntry(path: model.path, manifest: nil, checks: [CheckResult(check: "read", tensor: nil, passed: false, detail: detail)])
    }

    /// Size in bytes of a file, or of the files directly inside a folder.
    static func size(of path: String) -> Int {
        let manager = FileManager.default
        func fileSize(_ p: String) -> Int { (try? manager.attributesOfItem(atPath: p)[.size] as? Int) ?? 0 }
        guard let names = try? manager.contentsOfDirectory(atPath: path) else { return fileSize(path) }
        return names.reduce(0) { $0 + fileSize(path + "/" + $1) }
    }
}
