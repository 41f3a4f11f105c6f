#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import WeightAtlas

/// SIGINT and SIGTERM leave no partial files: both are blocked in every thread and one
/// thread waits for them (`sigwait`), removes the registered temporary outputs
/// (`TemporaryOutputs`: files, and Deep Zoom tile folders with their contents) and exits 130
/// (SIGINT) or 143 (SIGTERM). Finished outputs stay. The cleanup runs on that ordinary
/// thread, not in a signal handler, so it may take locks and allocate; `_exit` skips atexit
/// handlers that other threads might be in the middle of.
enum SignalCleanup {
    /// Call first, before any other thread starts (threads inherit the blocked mask).
    static func install() {
        var signals = Self.signals
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        var thread = pthread_t()
        pthread_create(&thread, nil, { _ in
            var signals = SignalCleanup.signals
            var received: Int32 = 0
            while sigwait(&signals, &received) != 0 {}
            TemporaryOutputs.removeAll { failed in
                let name = received == SIGINT ? "interrupted" : "terminated"
                let outcome = failed.isEmpty ? "temporary outputs removed"
                    : "could not remove temporary outputs: " + failed.joined(separator: ", ")
                let line = Array("weightatlas: \(name); \(outcome)\n".utf8)
                _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                _exit(128 + received)
            }
        }, nil)
    }

    private static var signals: sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }
}
