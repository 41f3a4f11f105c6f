import Foundation

extension HDF5 {
    /// The HDF5 reader process's limits on itself (setrlimit, soft limits): address space
    /// and CPU time, each set from what the process has used so far. Between datasets only
    /// `headroom` more memory and `seconds` more CPU time are allowed, which libhdf5's
    /// metadata for any honest file stays far below; while a dataset is read, its declared
    /// size (checked against the stored bytes first) is allowed on top, twice over for
    /// libhdf5's chunk buffers, with CPU time for inflating it at `bytesPerSecond`.
    package final class ReaderLimits {
        /// Address space beyond the current size allowed at each step.
        package static let headroom = 512 << 20
        /// CPU seconds allowed at each step, and the slowest inflation rate allowed for.
        package static let seconds = 10.0, bytesPerSecond = 20e6

        /// No core files: a reader ended by its limits or by libhdf5 crashing must leave nothing
        /// in the caller's folder.
        package init() {
            var none = rlimit(rlim_cur: 0, rlim_max: 0)
            _ = setrlimit(__rlimit_resource_t(UInt32(RLIMIT_CORE.rawValue)), &none)
        }

        /// Limits the process to `headroom` (plus `extra`) more memory and `seconds` more CPU time.
        package func settle(extra: Int = 0) {
            set(memory: Self.headroom + extra, seconds: Self.seconds)
        }

        /// Raises the limits for reading a dataset of `bytes` bytes.
        package func allow(bytes: Int) {
            set(memory: Self.headroom + 2 * bytes, seconds: Self.seconds + Double(bytes) / Self.bytesPerSecond)
        }

        private func set(memory: Int, seconds: Double) {
            let addressSpace = Self.addressSpace() + memory
            limit(Int32(RLIMIT_AS.rawValue), to: rlim_t(clamping: addressSpace))
            limit(Int32(RLIMIT_CPU.rawValue), to: rlim_t((Self.cpuSeconds() + seconds).rounded(.up)))
        }

        /// Sets the soft limit of `resource` to `value`, never above its hard limit.
        private func limit(_ resource: Int32, to value: rlim_t) {
            var current = rlimit()
            guard getrlimit(__rlimit_resource_t(UInt32(resource)), &current) == 0 else { return }
            current.rlim_cur = min(value, current.rlim_max)   // RLIM_INFINITY is the largest rlim_t
            _ = setrlimit(__rlimit_resource_t(UInt32(resource)), &current)
        }

        /// The process's address space in bytes (/proc/self/statm's first field, in pages).
        private static func addressSpace() -> Int {
            let text = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
            let pages = Int(text.split(separator: " ").first ?? "") ?? 0
            return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
        }

        /// User and system CPU seconds used so far.
        private static func cpuSeconds() -> Double {
            var usage = rusage()
            getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
    }
}
