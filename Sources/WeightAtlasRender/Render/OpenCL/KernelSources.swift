import Foundation
import WeightAtlasTensor

/// The OpenCL C sources the OpenCL backend builds: embedded in the library at build time
/// (Kernels/*.cl), or read from a directory for kernel development.
struct KernelSources: Sendable {
    /// The files every backend build needs, one program each.
    static let files = ["reduce.cl", "rescale.cl", "tile.cl", "dequant.cl", "lowrank.cl", "histogram.cl"]
    /// The environment variable naming an override directory when no directory is passed.
    static let environmentVariable = "WEIGHTATLAS_KERNELS_DIR"

    /// Source text by file name.
    let sources: [String: String]
    /// Where the sources came from: "embedded" or the directory path.
    let origin: String

    /// The sources from `directory`, else from `$WEIGHTATLAS_KERNELS_DIR` when set and
    /// non-empty, else the embedded ones.
    /// - Throws: `BackendError` naming the missing or unreadable file.
    static func load(directory: String?) throws(BackendError) -> KernelSources {
        let environment = ProcessInfo.processInfo.environment[environmentVariable]
        guard let directory = directory ?? environment.flatMap({ $0.isEmpty ? nil : $0 }) else {
            return try embedded()
        }
        var sources: [String: String] = [:]
        for file in files {
            let path = URL(fileURLWithPath: directory).appendingPathComponent(file).path
            guard FileManager.default.fileExists(atPath: path) else {
                throw BackendError(backend: "opencl", message: "kernel source \(path) not found (kernels directory \(directory))")
            }
            do {
                sources[file] = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw BackendError(backend: "opencl", message: "cannot read kernel source \(path): \(error.localizedDescription)")
            }
        }
        return KernelSources(sources: sources, origin: directory)
    }

    /// The sources embedded by the EmbedKernels plugin.
    /// - Throws: `BackendError` when a file is missing from the build (a packaging fault).
    static func embedded() throws(BackendError) -> KernelSources {
        for file in files where EmbeddedKernels.sources[file] == nil {
            throw BackendError(backend: "opencl", message: "kernel source \(file) is not embedded in this build")
        }
        return KernelSources(sources: EmbeddedKernels.sources, origin: "embedded")
    }

    /// The source of `file` (one of `files`).
    subscript(file: String) -> String { sources[file] ?? "" }
}
