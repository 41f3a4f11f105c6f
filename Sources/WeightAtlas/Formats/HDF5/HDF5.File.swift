import CHDF5

extension HDF5 {
    /// The datasets of one HDF5 file, described (and read where not contiguous) at open,
    /// after which libhdf5 holds nothing: the file is closed before `datasets` returns.
    enum File {
        /// Most datasets accepted in one file.
        static let maxDatasets = 1 << 20

        /// Every dataset of the HDF5 file at `path` (which has `size` bytes).
        /// - Throws: the kinds of `Superblock.check` and `Dataset.init`; `.malformedHeader`
        ///   with libhdf5's reason when it cannot open or walk the file.
        static func datasets(path: String, bytes: UnsafeRawBufferPointer) throws(FormatError) -> [Dataset] {
            try Superblock.check(bytes)
            return try HDF5.locked { () throws(FormatError) -> [Dataset] in
                let file = try Handle(H5Fopen(path, weightatlas_h5f_acc_rdonly(), weightatlas_h5p_default()),
                                      close: H5Fclose, "H5Fopen", offset: 0)
                return try walk(file.raw, fileSize: bytes.count)
            }
        }

        /// Every dataset of the HDF5 file image `image` (a copy is opened in memory by the core
        /// driver: H5Pset_fapl_core, H5Pset_file_image; nothing is written to disk).
        static func datasets(image: UnsafeRawBufferPointer) throws(FormatError) -> [Dataset] {
            try Superblock.check(image)
            return try HDF5.locked { () throws(FormatError) -> [Dataset] in
                let fapl = try Handle(H5Pcreate(weightatlas_h5p_file_access()), close: H5Pclose, "H5Pcreate")
                try check(H5Pset_fapl_core(fapl.raw, 1 << 20, false), "H5Pset_fapl_core")
                try check(H5Pset_file_image(fapl.raw, UnsafeMutableRawPointer(mutating: image.baseAddress), image.count),
                          "H5Pset_file_image")
                let file = try Handle(H5Fopen("model.weights.h5", weightatlas_h5f_acc_rdonly(), fapl.raw),
                                      close: H5Fclose, "H5Fopen (file image)", offset: 0)
                return try walk(file.raw, fileSize: image.count)
            }
        }

        /// Visits every object reachable by hard links (H5Ovisit2, by name, increasing) and
        /// describes each dataset.
        private static func walk(_ file: hid_t, fileSize: Int) throws(FormatError) -> [Dataset] {
            final class Paths { var list: [(path: String, address: Int)] = [] }
            let paths = Paths()
            let visit: H5O_iterate_t = { _, name, info, data in
                guard let name, let info, let data else { return -1 }
                let paths = Unmanaged<Paths>.fromOpaque(data).takeUnretainedValue()
                if info.pointee.type == H5O_TYPE_DATASET {
                    paths.list.append((String(cString: name), Int(clamping: info.pointee.addr)))
                }
                return paths.list.count > File.maxDatasets ? 1 : 0
            }
            let status = withExtendedLifetime(paths) {
                H5Ovisit2(file, H5_INDEX_NAME, H5_ITER_INC, visit, Unmanaged.passUnretained(paths).toOpaque(), UInt32(H5O_INFO_BASIC))
            }
            guard status >= 0 else { throw failure("H5Ovisit2", offset: 0) }
            guard paths.list.count <= maxDatasets else {
                throw FormatError(format: KerasFile.formatName, kind: .headerTooLarge(declared: UInt64(paths.list.count), limit: maxDatasets))
            }
            var datasets: [Dataset] = []
            for (path, address) in paths.list {
                do {
                    datasets.append(try Dataset(file: file, path: path, fileSize: fileSize))
                } catch {
                    var error = error
                    error.offset = error.offset ?? address   // the dataset's object header
                    throw error
                }
            }
            return datasets
        }
    }
}
