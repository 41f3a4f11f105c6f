#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WeightAtlasEncode

/// Writes the reports of a zoo (or merged) output: JUnit XML, a Markdown summary, and the
/// same summary appended to a CI step summary file (`$GITHUB_STEP_SUMMARY`).
public struct ZooReports {
    /// The zoo output folder the reports link to.
    public var output: String
    /// Where the JUnit XML goes, if anywhere.
    public var junit: String?
    /// Where the Markdown summary goes, if anywhere.
    public var summary: String?
    /// A file to append the summary to (the step summary), if any.
    public var stepSummary: String?
    /// A prefix for the summary's links (an artifact URL); without it, links are relative to
    /// the summary file's folder (the step summary: relative to the working directory).
    public var linkBase: String?

    /// Reports about the zoo in `output`.
    public init(output: String) { self.output = output }

    /// Writes every report asked for.
    /// - Throws: `OutputError` when one cannot be written.
    public func write(_ document: ZooDocument, folders: [String]) throws(OutputError) {
        if let junit { try AtomicFile.write(Array(JUnitReport.xml(document).utf8), to: junit) }
        if let summary {
            let text = MarkdownSummary.markdown(document, folders: folders, base: base(from: Self.folder(of: summary)))
            try AtomicFile.write(Array(text.utf8), to: summary)
        }
        if let stepSummary {
            let text = MarkdownSummary.markdown(document, folders: folders, base: base(from: "."))
            try Self.append(text, to: stepSummary)
        }
    }

    /// The link prefix for a summary in `folder`: `linkBase`, or the path from there to the output.
    func base(from folder: String) -> String {
        if let linkBase { return linkBase.isEmpty || linkBase.hasSuffix("/") ? linkBase : linkBase + "/" }
        let relative = Self.relativePath(from: folder, to: output)
        return relative.isEmpty ? "" : relative + "/"
    }

    static func folder(of file: String) -> String {
        file.contains("/") ? String(file[..<file.lastIndex(of: "/")!]).ifEmpty("/") : "."
    }

    /// The relative path from folder `from` to `to` (both taken from the working directory).
    static func relativePath(from: String, to: String) -> String {
        func components(_ path: String) -> [String] {
            URL(fileURLWithPath: path).standardizedFileURL.pathComponents.filter { $0 != "/" }
        }
        let a = components(from), b = components(to)
        let common = zip(a, b).prefix { $0 == $1 }.count
        return (Array(repeating: "..", count: a.count - common) + b.dropFirst(common)).joined(separator: "/")
    }

    /// Appends `text` to `path` (calls `fopen` with "a").
    static func append(_ text: String, to path: String) throws(OutputError) {
        guard let handle = fopen(path, "a") else { throw OutputError(path: path, errno: errno) }
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, handle) }
        let failed = written != bytes.count
        if fclose(handle) != 0 || failed { throw OutputError(path: path, errno: errno) }
    }
}

extension String {
    /// `replacement` when the string is empty.
    fileprivate func ifEmpty(_ replacement: String) -> String { isEmpty ? replacement : self }
}
