import Foundation
import WeightAtlasEncode

/// The files a zoo output holds beside the model folders.
public enum ZooOutput {
    /// Writes `zoo.json` and `index.html` of `document` into `directory`; `folders` are the
    /// models' folder names, in the document's order.
    /// - Throws: `OutputError` when a file cannot be written.
    public static func write(_ document: ZooDocument, folders: [String], to directory: String) throws(OutputError) {
        try AtomicFile.write(Array(document.text.utf8), to: directory + "/zoo.json")
        try AtomicFile.write(Array(ZooIndexPage.html(document, folders: folders).utf8), to: directory + "/index.html")
    }

    /// The manifest.json that `render` just wrote in `folder`, parsed, less its `backend`
    /// (a device name and thread count differ between the machines that run the shards of
    /// one zoo; zoo.json holds nothing that depends on the run).
    /// - Throws: `AtlasError.output` when it cannot be read back.
    static func readManifest(in folder: String) throws(AtlasError) -> JSONValue {
        let path = folder + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path),
              case .object(let members)? = try? JSONValue.parse(Array(data)) else {
            throw .output(OutputError(path: path, message: "cannot read back the manifest just written"))
        }
        return .object(members.filter { $0.0 != "backend" })
    }
}
