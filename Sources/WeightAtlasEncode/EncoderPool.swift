import Dispatch
import Synchronization

/// The deflate jobs of every writer in the process (PNG strips, Deep Zoom tiles), in one FIFO
/// run on Dispatch's worker threads: the pool the renderer's `concurrentPerform` runs on too,
/// so `zoo --jobs N` shares the cores instead of starting N pools of threads. Whoever is free
/// takes the oldest job, so a slow strip never leaves another worker idle behind it (assigning
/// jobs round robin did: on 2 cores it cost a fifth of the encode).
///
/// igzip contexts are kept per level in a free list: a job borrows one for its run, so any
/// thread can run any job. A writer that waits for its own jobs runs queued ones meanwhile
/// (`runOne`) instead of sleeping: it never blocks while a job is queued, so writers waiting
/// on Dispatch threads (zoo jobs) always make progress.
final class EncoderPool: Sendable {
    /// The process's pool.
    static let shared = EncoderPool()

    /// A job: deflates with the context it is given (nil for level 0, stored blocks).
    typealias Job = @Sendable (ISALDeflater?) -> Void

    private struct Queued: Sendable {
        let level: Int
        let job: Job
    }

    private struct Queue: ~Copyable {
        var jobs: [Queued] = []
        var head = 0

        mutating func push(_ job: Queued) { jobs.append(job) }

        mutating func pop() -> Queued? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
            return job
        }
    }

    private let queue = Mutex(Queue())
    /// Free igzip contexts, by level (index 1…3).
    private let contexts = Mutex<[[ISALDeflater]]>([[], [], [], []])

    /// Queues `job` at igzip `level` (0: no context) and asks Dispatch for a thread to run it.
    func submit(level: Int, _ job: @escaping Job) {
        queue.withLock { $0.push(Queued(level: level, job: job)) }
        DispatchQueue.global().async { _ = self.runOne() }
    }

    /// Runs the oldest queued job on the calling thread with a context of its level; false
    /// when none is queued.
    @discardableResult
    func runOne() -> Bool {
        guard let next = queue.withLock({ $0.pop() }) else { return false }
        guard next.level > 0 else {
            next.job(nil)
            return true
        }
        let deflater = contexts.withLock { $0[next.level].popLast() } ?? ISALDeflater(level: next.level)
        next.job(deflater)
        contexts.withLock { $0[next.level].append(deflater) }
        return true
    }

    /// Waits for `semaphore`, running queued jobs while it is not yet signalled.
    func help(until semaphore: DispatchSemaphore) {
        help(until: { semaphore.wait(timeout: .now()) == .success }, wait: { semaphore.wait() })
    }

    /// Waits for `group`, running queued jobs while it is not yet empty.
    func help(until group: DispatchGroup) {
        help(until: { group.wait(timeout: .now()) == .success }, wait: { group.wait() })
    }

    /// Runs queued jobs until `done()` (a wait that does not block) is true; when none is
    /// queued, `wait()`s instead: the job it waits for is then running elsewhere.
    private func help(until done: () -> Bool, wait: () -> Void) {
        while !done() {
            guard runOne() else { return wait() }
        }
    }
}
