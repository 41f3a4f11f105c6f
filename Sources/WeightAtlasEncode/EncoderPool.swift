import Foundation

/// `workers` threads, each owning its own igzip context, taking jobs from one shared FIFO:
/// whichever worker is free starts the oldest job, so a slow strip never leaves another
/// worker idle behind it (assigning jobs round robin did: on 2 cores it cost a fifth of the
/// encode). Threads inherit the creating thread's CPU affinity.
final class EncoderPool: @unchecked Sendable {
    /// Number of worker threads.
    let workers: Int
    private let queue = JobQueue()

    /// A pool of `workers` deflating at igzip `level` (0: no deflater, stored blocks): as
    /// many threads, or one fewer when `callerHelps` (the submitting thread then runs jobs
    /// itself while it waits, `runOne`, instead of sleeping and later taking a core from a
    /// worker: `workers` threads in all, never one more than the cores asked for).
    init(workers: Int, level: Int, callerHelps: Bool = false) {
        self.workers = max(1, workers)
        for index in 0..<(self.workers - (callerHelps ? 1 : 0)) {
            let deflater = level > 0 ? ISALDeflater(level: level) : nil
            let thread = Thread { [queue] in queue.serve(deflater) }
            thread.name = "weightatlas.deflate-\(index)"
            thread.start()
        }
    }

    /// Lets the workers finish the jobs already submitted, then end.
    deinit { queue.close() }

    /// Queues `job`, run by the next free worker with that worker's deflater.
    func submit(_ job: @escaping @Sendable (ISALDeflater?) -> Void) { queue.push(job) }

    /// Waits until every job submitted so far has run.
    func drain() { queue.waitUntilIdle() }

    /// Runs the oldest queued job on the calling thread with `deflater`; false when none is queued.
    func runOne(with deflater: ISALDeflater?) -> Bool { queue.runOne(deflater) }
}

/// The jobs of an `EncoderPool`, under one lock and condition.
private final class JobQueue: @unchecked Sendable {
    typealias Job = @Sendable (ISALDeflater?) -> Void
    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var head = 0
    private var running = 0
    private var closed = false

    func push(_ job: @escaping Job) {
        condition.lock()
        jobs.append(job)
        condition.broadcast()
        condition.unlock()
    }

    /// A worker's loop: run the oldest job until the queue is closed and empty.
    func serve(_ deflater: ISALDeflater?) {
        while true {
            condition.lock()
            while head == jobs.count && !closed { condition.wait() }
            let job = takeLocked()
            condition.unlock()
            guard let job else { return }
            run(job, deflater)
        }
    }

    /// Runs the oldest queued job on the calling thread; false when none is queued.
    func runOne(_ deflater: ISALDeflater?) -> Bool {
        condition.lock()
        let job = takeLocked()
        condition.unlock()
        guard let job else { return false }
        run(job, deflater)
        return true
    }

    /// The oldest job, counted as running (nil when none is queued). Holding the lock.
    private func takeLocked() -> Job? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count { jobs.removeAll(keepingCapacity: true); head = 0 }
        running += 1
        return job
    }

    /// Runs a taken job, then wakes whoever waits for the queue to be idle.
    private func run(_ job: Job, _ deflater: ISALDeflater?) {
        job(deflater)
        condition.lock()
        running -= 1
        if running == 0 && head == jobs.count { condition.broadcast() }
        condition.unlock()
    }

    func waitUntilIdle() {
        condition.lock()
        while running > 0 || head < jobs.count { condition.wait() }
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}
