import Foundation
import Synchronization
import WeightAtlasEncode
import WeightAtlasFormats

/// Renders and checks every model of a zoo into one output folder: `<folder>/` per model
/// (its images, manifest.json and viewer), `zoo.json` and `index.html`.
public struct ZooRun: Sendable {
    /// How each model is rendered (options, backend, selection, compression).
    public var atlas: AtlasRun
    /// Which checks, with which limits.
    public var checks = CheckConfig()
    /// An earlier zoo.json to check drift against.
    public var baseline: Baseline?
    /// Called when a model starts (done < total) and when it ends; one call at a time.
    public var progress: @Sendable (ZooProgress) -> Void = { _ in }
    /// Models rendered at once (`--jobs`): a bounded pool of this many workers, each with
    /// its own copy of `atlas` (the backend is shared; backends are Sendable). zoo.json lists
    /// models in input order whatever the order they finish in.
    public var jobs = 1
    /// What zoo.json records the run was made from (`ZooProvenance(walk:run:shard:)`, set once
    /// the run is configured); nil writes none.
    public var provenance: ZooProvenance?

    /// A run rendering with `atlas`.
    public init(atlas: AtlasRun) { self.atlas = atlas }

    /// Renders `models` into `directory` and writes zoo.json and index.html there. A model
    /// that cannot be read gets a failed `read` check; the run goes on.
    /// - Throws: `AtlasError.output` when an output cannot be written, `.backend` when a
    ///   demanded backend fails.
    public mutating func run(_ models: [ZooModel], to directory: String) throws(AtlasError) -> ZooDocument {
        do throws(OutputError) { try AtlasRun.makeDirectory(directory) } catch { throw .output(error) }
        let entries = try renderAll(models, into: directory)
        let document = ZooDocument(models: entries, provenance: provenance)
        do throws(OutputError) {
            try ZooOutput.write(document, folders: models.map(\.folder), to: directory)
        } catch { throw .output(error) }
        return document
    }

    /// Every model's entry, in `models` order, rendered by up to `jobs` workers that take the
    /// next model as they finish one. The first backend or output error stops the pool.
    private func renderAll(_ models: [ZooModel], into directory: String) throws(AtlasError) -> [ZooEntry] {
        final class Shared: Sendable {
            let state = Mutex<(next: Int, done: Int, bytes: Int, entries: [ZooEntry?], error: AtlasError?)>((0, 0, 0, [], nil))
            let reporting = Mutex(())
        }
        let shared = Shared()
        shared.state.withLock { $0.entries = Array(repeating: nil, count: models.count) }
        let start = Date(), total = models.count
        let workers = max(1, min(jobs, models.count))
        // The run is a Sendable value that each worker copies; `progress` is called under
        // `reporting`, one call at a time.
        let template = self
        let report = { @Sendable (done: Int, model: ZooModel, bytes: Int) in
            shared.reporting.withLock { _ in
                template.progress(ZooProgress(done: done, total: total, model: model.path,
                                                  elapsed: Date().timeIntervalSince(start), bytes: bytes))
            }
        }
        let work = { @Sendable (_: Int) in
            var worker = template
            while true {
                let taken: (Int, Int, Int)? = shared.state.withLock { state in
                    guard state.error == nil, state.next < total else { return nil }
                    defer { state.next += 1 }
                    return (state.next, state.done, state.bytes)
                }
                guard let (index, done, bytes) = taken else { return }
                report(done, models[index], bytes)
                do throws(AtlasError) {
                    let entry = try worker.entry(for: models[index], in: directory)
                    let size = models[index].bytes
                    let (done, bytes) = shared.state.withLock { state in
                        state.entries[index] = entry
                        state.done += 1
                        state.bytes += size
                        return (state.done, state.bytes)
                    }
                    report(done, models[index], bytes)
                } catch {
                    shared.state.withLock { if $0.error == nil { $0.error = error } }
                }
            }
        }
        if workers == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: work) }
        let (entries, error) = shared.state.withLock { ($0.entries, $0.error) }
        if let error { throw error }
        return entries.map { $0! }
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
        return ZooEntry(path: model.path, manifest: nil, checks: [CheckResult(check: .read, tensor: nil, passed: false, detail: detail)])
    }
}
