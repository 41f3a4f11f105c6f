import Foundation

/// Joins the outputs of a zoo's shards into the output one run over the whole zoo writes:
/// the same zoo.json (models sorted by path), the model folders, index.html regenerated.
public enum ZooMerge {
    /// Merges the zoo outputs `inputs` into `output` (created if missing), copying each
    /// model folder (or renaming it, with `move`). Returns the merged document.
    /// - Throws: `ZooError.input`/`.document` for an input that is not a zoo output or a model
    ///   found in two inputs, `.output` when the output cannot be written.
    public static func merge(_ inputs: [String], to output: String, move: Bool = false) throws(ZooError) -> ZooDocument {
        var entries: [ZooEntry] = [], sources: [String: String] = [:]
        for input in inputs {
            let document = try ZooDocument(contentsOf: input + "/zoo.json")
            for entry in document.models {
                if let other = sources[entry.path] {
                    throw ZooError.document(file: input + "/zoo.json", offset: nil,
                                            message: "model '\(entry.path)' is also in \(other) (shards overlap)")
                }
                sources[entry.path] = input
                entries.append(entry)
            }
        }
        let merged = ZooDocument(models: entries)
        let folders = merged.folders
        do throws(OutputError) {
            try AtlasRun.makeDirectory(output)
            for (entry, folder) in zip(merged.models, folders) {
                try place(folder, from: sources[entry.path]!, to: output, required: entry.manifest != nil, move: move)
            }
            try ZooOutput.write(merged, folders: folders, to: output)
        } catch { throw .output(error) }
        return merged
    }

    /// Copies (or moves) `input/folder` to `output/folder`, replacing what was there.
    /// - Throws: `OutputError` when it fails, or when a `required` folder is missing.
    static func place(_ folder: String, from input: String, to output: String, required: Bool, move: Bool) throws(OutputError) {
        let manager = FileManager.default
        let source = input + "/" + folder, destination = output + "/" + folder
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
