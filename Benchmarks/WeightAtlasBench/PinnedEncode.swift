import Foundation
import WeightAtlas

/// The encoder "on 1 core and on 2 cores": each run is a child `weightatlas-bench` pinned
/// (sched_setaffinity, before it starts any thread) to its first N allowed CPUs, encoding with
/// N workers. Pinning the whole process measures what the issue asks (1 core vs 2 cores);
/// running 1 worker on an unpinned 2-core machine does not, since the calling thread, which
/// hands rows over and writes the chunks, then has the second core to itself.
enum PinnedEncode {
    /// The child's command line: `--encode-pinned CORES IMAGE.png`.
    static let flag = "--encode-pinned"

    /// Pins the calling thread (and so every thread it starts later) to the first `cores`
    /// CPUs it may use. Returns false when it cannot.
    static func pin(to cores: Int) -> Bool {
        // glibc's sched_{get,set}affinity are _GNU_SOURCE only, which Swift's Glibc module does
        // not import: found by name instead.
        typealias Affinity = @convention(c) (pid_t, Int, UnsafeMutableRawPointer) -> Int32
        guard let get = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_getaffinity"),
              let set = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sched_setaffinity") else { return false }
        let getAffinity = unsafeBitCast(get, to: Affinity.self), setAffinity = unsafeBitCast(set, to: Affinity.self)
        var allowed = cpu_set_t()
        guard getAffinity(0, MemoryLayout<cpu_set_t>.size, &allowed) == 0 else { return false }
        var chosen = cpu_set_t()
        var taken = 0
        withUnsafeMutableBytes(of: &chosen) { out in
            withUnsafeBytes(of: allowed) { all in
                for cpu in 0..<(all.count * 8) where taken < cores && all[cpu / 8] & (1 << (cpu % 8)) != 0 {
                    out[cpu / 8] |= 1 << (cpu % 8)
                    taken += 1
                }
            }
        }
        return taken == cores && setAffinity(0, MemoryLayout<cpu_set_t>.size, &chosen) == 0
    }

    /// The child: pin, decode the image (untimed), encode it once with as many workers as
    /// cores, print "SECONDS BYTES".
    static func child(_ words: [String]) -> Never {
        guard words.count == 2, let cores = Int(words[0]), pin(to: cores) else {
            FileHandle.standardError.write(Data("cannot pin to \(words.first ?? "?") cores\n".utf8))
            exit(1)
        }
        do {
            let bench = try EncodeBench.image(words[1], repeats: 1)
            let run = try bench.once { path throws(OutputError) in
                try PNGWriter(path: path, width: bench.width, height: bench.height, channels: bench.channels,
                              compression: .default, workers: cores)
            }
            print(run.seconds, run.bytes)
            exit(0)
        } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            exit(1)
        }
    }

    /// `repeats` runs of the child on each of `coreCounts`, interleaved round by round, or nil
    /// when pinning is not possible here (fewer CPUs than asked, or no affinity).
    static func samples(image: String, coreCounts: [Int], repeats: Int) -> [Sample]? {
        var all = [Sample](repeating: Sample(), count: coreCounts.count)
        for _ in 0..<repeats {
            for (i, cores) in coreCounts.enumerated() {
                guard let seconds = once(image: image, cores: cores) else { return nil }
                all[i].add(seconds)
            }
        }
        return all
    }

    private static func once(image: String, cores: Int) -> Double? {
        let process = Process()
        process.executableURL = Bundle.main.executableURL
        process.arguments = [flag, String(cores), image]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return text.split(separator: " ").first.flatMap { Double($0) }
    }
}
