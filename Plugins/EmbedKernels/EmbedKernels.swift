import PackagePlugin

/// Embeds the package's plain-text assets into the libraries as string literals, so the
/// binary works from any directory with no files beside it: the OpenCL sources of the
/// top-level `Kernels/` folder into `WeightAtlasRender` (`EmbeddedKernels.sources`, keyed by
/// file name) and the viewer's script and style of `Viewer/` into `WeightAtlasEncode`
/// (`EmbeddedViewer.viewerJS`, one constant a file), both `package` enums.
/// Each file is a declared input, so editing one rebuilds the library.
@main
struct EmbedKernels: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let embedder = try context.tool(named: "kernel-embedder").url
        // The kernels go to the module that runs them, the viewer's files to the one that
        // writes the page.
        switch target.name {
        case "WeightAtlasRender":
            return try [embed(folder: "Kernels", extensions: ["cl"], as: "EmbeddedKernels", mode: "table", context: context, embedder: embedder)]
        case "WeightAtlasEncode":
            return try [embed(folder: "Viewer", extensions: ["js", "css"], as: "EmbeddedViewer", mode: "constants", context: context, embedder: embedder)]
        default:
            return []
        }
    }

    /// One build command: the files of `folder` whose extension is in `extensions`, in file
    /// name order, into `NAME.swift` holding `enum NAME`.
    func embed(folder: String, extensions: Set<String>, as name: String, mode: String,
               context: PluginContext, embedder: URL) throws -> Command {
        let directory = context.package.directoryURL.appending(path: folder)
        let sources = try FileManager.default
            .contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { extensions.contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
        return .buildCommand(
            displayName: "Embedding \(sources.count) files of \(folder)/",
            executable: embedder,
            arguments: [output.path, name, mode] + sources.map(\.path),
            inputFiles: sources,
            outputFiles: [output]
        )
    }
}

import Foundation
