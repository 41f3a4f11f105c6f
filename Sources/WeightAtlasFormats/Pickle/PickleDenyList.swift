/// The globals a pickle scanner refuses: those that would run code, touch files, processes
/// or the network, or load another pickle if the file were unpickled by Python. Everything
/// else outside the allow-list becomes an inert stand-in (`PickleGlobal.standIn`): nothing is
/// ever imported or called here, but a file that names these is not a weight file to trust,
/// so it is refused with `.unsafePickle(global:)` naming the global. Err on refusing.
enum PickleDenyList {
    /// Modules refused whatever the name (and their submodules).
    static let modules: Set<String> = [
        "os", "posix", "nt", "subprocess", "sys", "shutil", "socket", "runpy", "importlib", "pickle", "_pickle",
        "cPickle", "marshal", "pty", "webbrowser", "code", "codeop", "ctypes", "multiprocessing", "signal",
        "asyncio", "threading", "_thread", "thread", "commands", "popen2", "platform", "tempfile", "pathlib",
        "io", "_io", "urllib", "urllib2", "http", "httplib", "ftplib", "smtplib", "telnetlib", "requests",
        "types", "inspect", "dill", "cloudpickle", "joblib", "shelve", "dbm", "sqlite3", "zipimport", "pkgutil",
        "imp", "gc", "builtins.__dict__", "posixpath", "ntpath", "glob", "fileinput", "operator", "functools",
        "torch.hub", "torch.jit", "torch._C", "torch.ops", "torch.serialization", "torch.package", "torch.utils",
        "torch._dynamo", "torch.distributed", "torch.multiprocessing", "torch.cuda._utils", "torch._ops",
        "numpy.testing", "numpy.f2py", "numpy.distutils", "numpy.ctypeslib", "numpy.lib.npyio",
        "torch._utils", "timeit", "trace", "pdb", "bdb", "profile", "cProfile", "venv", "ensurepip", "site",
    ]

    /// Names refused in any module (torch.load, numpy.load, torch.storage._load_from_bytes, …).
    static let names: Set<String> = [
        "load", "loads", "save", "_load_from_bytes", "eval", "exec", "execfile", "compile", "system", "popen",
        "getattr", "setattr", "delattr", "__import__", "__getattribute__", "__reduce__", "__reduce_ex__",
        "open", "fromfile", "tofile", "memmap", "run", "call", "spawn", "fork", "apply", "input",
    ]

    /// Builtins that are harmless containers and constants; every other builtin is refused.
    static let safeBuiltins: Set<String> = [
        "set", "frozenset", "dict", "list", "tuple", "int", "float", "str", "bytes", "bytearray", "complex",
        "slice", "range", "bool", "object", "NoneType", "Ellipsis", "NotImplemented",
    ]

    /// True when `module.name` must refuse the file.
    static func refuses(module: String, name: String) -> Bool {
        if module == "builtins" || module == "__builtin__" || module == "exceptions" { return !safeBuiltins.contains(name) }
        if names.contains(name) || name.hasPrefix("__") && !["__newobj__", "__newobj_ex__"].contains(name) { return true }
        var prefix = Substring(module)
        while true {
            if modules.contains(String(prefix)) { return true }
            guard let dot = prefix.lastIndex(of: ".") else { return false }
            prefix = prefix[..<dot]
        }
    }
}
