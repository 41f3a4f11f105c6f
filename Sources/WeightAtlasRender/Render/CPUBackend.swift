import Dispatch
import Foundation
import Synchronization

/// The reference backend: plain Swift on every core of the host.
public final class CPUBackend: RenderBackend {
    /// Worker count (all active cores by default).
    public let workers: Int
    private let timings = Mutex(StageTimings())

    /// A backend using `workers` threads (defaults to the active processor count).
    public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.workers = max(1, workers)
    }

    /// "cpu (N threads)".
    public var description: String { "cpu (\(workers) threads)" }

    /// Returns and clears the per-stage times.
    public func takeTimings() -> StageTimings {
        timings.withLock { current in
            defer { current = StageTimings() }
            return current
        }
    }

    func record<T, E: Error>(_ stage: Stage, _ body: () throws(E) -> T) throws(E) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        timings.withLock { $0.add(stage, seconds) }
        return result
    }

    /// Runs `body(i)` for `i in 0..<count`, spread over the workers.
    func parallel(_ count: Int, _ body: @Sendable (Int) -> Void) {
        if workers == 1 || count <= 1 {
            for i in 0..<count { body(i) }
        } else {
            DispatchQueue.concurrentPerform(iterations: count, execute: body)
        }
    }
}
