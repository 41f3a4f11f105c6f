import Foundation
import WeightAtlasEncode

/// Joins the outputs of a zoo's shards into the output one run over the whole zoo writes:
/// the same zoo.json (models sorted by path, the run's record less `shard`), the model
/// folders, index.html regenerated. The inputs must be every shard of one run (`ZooShardSet`).
public enum ZooMerge {
    /// Merges the zoo outputs `inputs` into `output` (created if missing), copying each
    /// model folder (or renaming it, with `move`). Returns the merged document; with
    /// `allowPartial`, missing shards are recorded in it (`ZooPartial`) instead of refused.
    /// - Throws: `ZooError.input`/`.document` for an input that is not a zoo output or a model
    ///   found in two inputs, `.shards` for inputs that are not every shard of one run,
    ///   `.output` when the output cannot be written.
    public static func merge(_ inputs: [String], to output: String, move: Bool = false,
                             allowPartial: Bool = false) throws(ZooError) -> ZooDocument {
        var entries: [ZooEntry] = [], sources: [String: String] = [:], documents: [ZooDocument] = []
        for input in inputs { documents.append(try ZooDocument(contentsOf: input + "/zoo.json")) }
        let shards = try ZooShardSet(documents, inputs: inputs, allowPartial: allowPartial)
        for (input, document) in zip(inputs, documents) {
            for entry in document.models {
                if let other = sources[entry.path] {
                    throw ZooError.document(file: input + "/zoo.json", offset: nil,
                                            message: "model '\(entry.path)' is also in \(other) (shards overlap)")
                }
                sources[entry.path] = input
                entries.append(entry)
            }
        }
        let merged = ZooDocument(models: entries, provenance: shards.provenance)
        let folders = merged.folders
        do throws(OutputError) {
            try AtlasRun.makeDirectory(output)
            for (entry, folder) in zip(merged.models, folders) {
                let source = sources[entry.path]!
                // Without every shard a name may lose (or gain) its hash suffix: take the one the shard used.
                let used = shards.provenance.partial == nil ? folder
                    : ([folder] + ZooFolderNames.alternatives(for: entry.path)).first { FileManager.default.fileExists(atPath: source + "/" + $0) } ?? folder
                try place(used, from: source, as: folder, to: output, required: entry.manifest != nil, move: move)
            }
            try ZooOutput.write(merged, folders: folders, to: output)
        } catch { throw .output(error) }
        return merged
    }

    /// Copies (or moves) `input/folder` to `output/name`, replacing what was there.
    /// - Throws: `OutputError` when it fails, or when a `required` folder is missing.
    static func place(_ folder: String, from input: String, as name: String, to output: String, required: Bool, move: Bool) throws(OutputError) {
        let manager = FileManager.default
        let source = input + "/" + folder, destination = output + "/" + name
        guard standardized(source) != standardized(destination) else { return }
        guard manager.fileExists(atPath: source) else {
            if required { throw OutputError(path: source, message: "the model folder that zoo.json names is missing") }
            return
        }
        do {
            if manager.fileExists(atPath: destination) { try manager.removeItem(atPath: destination) }
            if move { try manager.moveItem(atPath: source, toPath: destination) } else { try manager.copyItem(atPath: source, toPath: destination) }
        } catch {
            throw OutputError(path: destination, message: "cannot \(move ? "move" : "copy") \(source) (\(error.localizedDescription))")
        }
    }

    static func standardized(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
