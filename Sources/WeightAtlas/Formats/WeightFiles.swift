/// Opens weight files of any supported format, chosen by the file's first bytes.
public enum WeightFiles {
    /// Every reader, in the order they are asked to recognise a file.
    public static let readers: [any WeightFile.Type] = [
        NPYFile.self, PyTorchZipFile.self, NPZFile.self, SafetensorsFile.self, PyTorchLegacyFile.self,
    ]

    /// Maps `path` and opens it with the reader whose `sniff` accepts its first bytes.
    /// - Throws: `FormatError` (`.io`, `.unknownFormat`, or the reader's own kinds), with `file` set.
    public static func open(_ path: String) throws(FormatError) -> any WeightFile {
        do throws(FormatError) {
            let file = try MappedFile(path: path)
            let prefix = UnsafeRawBufferPointer(rebasing: file.bytes.prefix(64))
            guard let reader = readers.first(where: { $0.sniff(prefix) }) else {
                throw FormatError(kind: .unknownFormat, offset: 0)
            }
            do throws(FormatError) {
                return try reader.init(file: file)
            } catch {
                var error = error
                if error.format.isEmpty { error.format = reader.formatName }
                throw error
            }
        } catch {
            throw error.file.isEmpty ? error.inFile(path) : error
        }
    }
}
