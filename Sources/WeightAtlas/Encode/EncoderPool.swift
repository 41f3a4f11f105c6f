import Dispatch

/// `workers` serial queues, each owning its own igzip context; jobs go to them round robin,
/// so `workers` jobs run at once and no context is shared between threads.
final class EncoderPool: @unchecked Sendable {
    /// Number of queues.
    let workers: Int
    private let queues: [DispatchQueue]
    private let deflaters: [ISALDeflater?]
    private var next = 0

    /// A pool of `workers` queues deflating at igzip `level` (0: no deflater, stored blocks).
    init(workers: Int, level: Int) {
        self.workers = max(1, workers)
        queues = (0..<self.workers).map { DispatchQueue(label: "weightatlas.deflate-\($0)") }
        deflaters = (0..<self.workers).map { _ in level > 0 ? ISALDeflater(level: level) : nil }
    }

    /// Runs `job` on the next queue with that queue's deflater. Call from one thread only.
    func submit(_ job: @escaping @Sendable (ISALDeflater?) -> Void) {
        let queue = queues[next], deflater = deflaters[next]
        next = (next + 1) % workers
        queue.async { job(deflater) }
    }

    /// Waits until every job submitted so far has run.
    func drain() { for queue in queues { queue.sync {} } }
}
