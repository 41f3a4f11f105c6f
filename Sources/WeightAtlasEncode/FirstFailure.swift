import Synchronization

/// The first error any worker hit; later ones are dropped. Shared by reference with the jobs.
final class FirstFailure: Sendable {
    private let stored = Mutex<OutputError?>(nil)

    /// The first error recorded, if any.
    var error: OutputError? { stored.withLock { $0 } }

    /// Records `error` unless one is already there.
    func record(_ error: OutputError) { stored.withLock { if $0 == nil { $0 = error } } }
}
