import CHDF5
import Synchronization
import WeightAtlasFormats

/// libhdf5, wrapped once: every call goes through `HDF5.locked`, errors become `FormatError`.
///
/// Debian's libhdf5 is the serial build, which is not thread-safe: one process-wide lock
/// serialises every use. The first time the lock is taken, plugin loading is switched off
/// (a file's filter id must never make libhdf5 dlopen a library from HDF5_PLUGIN_PATH) and
/// automatic error printing silenced; a failed call is reported with the innermost message
/// of libhdf5's stack.
extension HDF5 {
    /// Guards libhdf5; its value says whether plugins are off and error printing silenced.
    private static let lock = Mutex(false)

    /// Runs `body` holding the libhdf5 lock (plugins off and error printing silenced first).
    /// - Throws: `.io` when plugin loading cannot be switched off (nothing is opened then),
    ///   or what `body` throws.
    package static func locked<T>(_ body: () throws(FormatError) -> T) throws(FormatError) -> T {
        try lock.withLock { (ready: inout Bool) throws(FormatError) -> T in
            if !ready {
                _ = H5open()
                guard H5PLset_loading_state(0) >= 0 else {
                    throw FormatError(format: KerasFile.formatName, kind: .io("libhdf5 cannot switch plugin loading off"))
                }
                _ = H5Eset_auto2(weightatlas_h5e_default(), nil, nil)
                ready = true
            }
            return try body()
        }
    }

    /// The innermost message on libhdf5's error stack (H5Ewalk2), then the stack cleared.
    static func lastMessage() -> String {
        final class Box { var text = "" }
        let box = Box()
        let walk: H5E_walk2_t = { _, description, data in
            guard let description, let data, let message = description.pointee.desc else { return 0 }
            let box = Unmanaged<Box>.fromOpaque(data).takeUnretainedValue()
            let function = description.pointee.func_name.map { String(cString: $0) } ?? "?"
            box.text = "\(function): \(String(cString: message))"
            return 1   // the innermost (first, walking downward) is the cause
        }
        _ = withExtendedLifetime(box) {
            H5Ewalk2(weightatlas_h5e_default(), H5E_WALK_DOWNWARD, walk, Unmanaged.passUnretained(box).toOpaque())
        }
        _ = H5Eclear2(weightatlas_h5e_default())
        return box.text.isEmpty ? "unknown libhdf5 error" : box.text
    }

    /// A `.malformedHeader` naming `what` failed and libhdf5's reason.
    static func failure(_ what: String, tensor: String? = nil, offset: Int? = nil) -> FormatError {
        FormatError(format: KerasFile.formatName, kind: .malformedHeader("\(what) (libhdf5 \(lastMessage()))"),
                    tensor: tensor, offset: offset)
    }

    /// Checks an `herr_t`/count result: negative is failure.
    @discardableResult
    static func check<T: BinaryInteger>(_ result: T, _ what: String, tensor: String? = nil) throws(FormatError) -> T {
        guard result >= 0 else { throw failure(what, tensor: tensor) }
        return result
    }
}
