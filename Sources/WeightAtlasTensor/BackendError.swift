/// Why a backend could not do its work.
public struct BackendError: Error, CustomStringConvertible, Sendable {
    /// The backend ("opencl", "cpu").
    public var backend: String
    /// What failed, naming the call and its status.
    public var message: String
    /// The device's build log, when a kernel build failed.
    public var buildLog: String?
    /// The OpenCL call that failed and the `cl_int` status it returned, when one did.
    public var call: String?, status: Int32?

    /// Creates an error.
    public init(backend: String, message: String, buildLog: String? = nil, call: String? = nil, status: Int32? = nil) {
        self.backend = backend
        self.message = message
        self.buildLog = buildLog
        self.call = call
        self.status = status
    }

    /// One line, then the build log if there is one.
    public var description: String {
        "\(backend): \(message)" + (buildLog.map { "\nbuild log:\n\($0)" } ?? "")
    }
}
