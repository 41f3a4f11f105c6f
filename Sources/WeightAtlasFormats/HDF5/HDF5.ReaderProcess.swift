import Foundation
import Synchronization

extension HDF5 {
    /// One running HDF5 reader: stdin and stderr /dev/null, stdout a pipe read by the caller,
    /// and, for an image, fd 3 a memory file (memfd) holding it. Its environment is the
    /// caller's without HDF5_PLUGIN_PATH and with HDF5_PLUGIN_PRELOAD "::" (libhdf5's "load
    /// no plugin"); the reader also switches plugin loading off itself (`HDF5.locked`).
    package final class ReaderProcess {
        /// Variables libhdf5 reads to find and load filter plugins.
        package static let pluginPath = "HDF5_PLUGIN_PATH", pluginPreload = "HDF5_PLUGIN_PRELOAD"

        /// The read end of the reader's stdout.
        package let output: Int32
        private let pid: pid_t
        private var status: Int32?

        /// Pipes are made and the child spawned under one lock, so that no other reader
        /// spawned meanwhile inherits this one's pipe (which would hold its end open).
        private static let spawning = Mutex(())

        /// Starts `executable arguments…`.
        /// - Throws: `.io` when the pipe, the memory file or the process cannot be made.
        package init(executable: String, arguments: [String], image: UnsafeRawBufferPointer?) throws(FormatError) {
            let imageFile = try image.map { image throws(FormatError) in try Self.memoryFile(holding: image) }
            defer { if let imageFile { close(imageFile) } }
            (pid, output) = try Self.spawning.withLock { _ throws(FormatError) in
                var fds: [Int32] = [0, 0]
                guard pipe(&fds) == 0 else { throw Self.failure("pipe") }
                for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
                defer { close(fds[1]) }
                var actions = posix_spawn_file_actions_t()
                posix_spawn_file_actions_init(&actions)
                defer { posix_spawn_file_actions_destroy(&actions) }
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
                posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
                posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
                if let imageFile { posix_spawn_file_actions_adddup2(&actions, imageFile, 3) }
                let argv = ([executable] + arguments).map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                let envp = Self.environment(ProcessInfo.processInfo.environment).map { strdup($0) } + [nil]
                defer { envp.forEach { free($0) } }
                // Every signal at its default and none blocked, whatever the caller set: the
                // reader's CPU-time limit must end it (SIGXCPU).
                var attributes = posix_spawnattr_t()
                posix_spawnattr_init(&attributes)
                defer { posix_spawnattr_destroy(&attributes) }
                var all = sigset_t(), none = sigset_t()
                sigfillset(&all)
                sigemptyset(&none)
                posix_spawnattr_setsigdefault(&attributes, &all)
                posix_spawnattr_setsigmask(&attributes, &none)
                posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
                var pid: pid_t = 0
                let result = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
                guard result == 0 else {
                    close(fds[0])
                    throw FormatError(format: KerasFile.formatName, kind: .io("cannot start the HDF5 reader \(executable): \(String(cString: strerror(result)))"))
                }
                return (pid, fds[0])
            }
        }

        deinit {
            _ = wait()
        }

        /// The reader's environment (`NAME=value` strings, sorted): `current` without
        /// HDF5_PLUGIN_PATH, HDF5_PLUGIN_PRELOAD set to "::".
        package static func environment(_ current: [String: String]) -> [String] {
            var variables = current
            variables[pluginPath] = nil
            variables[pluginPreload] = "::"
            return variables.map { "\($0.key)=\($0.value)" }.sorted()
        }

        /// Closes the pipe and waits for the reader to end; its wait status.
        @discardableResult
        package func wait() -> Int32 {
            if let status { return status }
            close(output)
            var value: Int32 = 0
            while waitpid(pid, &value, 0) < 0 && errno == EINTR {}
            status = value
            return value
        }

        /// A memory file (memfd_create, found by name: Swift's Glibc does not import it)
        /// holding `image`, positioned at its start.
        private static func memoryFile(holding image: UnsafeRawBufferPointer) throws(FormatError) -> Int32 {
            typealias Create = @convention(c) (UnsafePointer<CChar>, UInt32) -> Int32
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "memfd_create") else { throw failure("memfd_create") }
            let fd = unsafeBitCast(symbol, to: Create.self)("weightatlas-hdf5-image", 1 /* MFD_CLOEXEC */)
            guard fd >= 0 else { throw failure("memfd_create") }
            guard DescriptorIO.write(fd, image) else {
                close(fd)
                throw failure("writing the image to a memory file")
            }
            return fd
        }

        private static func failure(_ what: String) -> FormatError {
            FormatError(format: KerasFile.formatName, kind: .io("\(what) for the HDF5 reader: \(String(cString: strerror(errno)))"))
        }
    }
}
