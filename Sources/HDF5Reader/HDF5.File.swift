import CHDF5
import WeightAtlasFormats

extension HDF5 {
    /// The datasets of one HDF5 file, described (and read where not contiguous) one at a time;
    /// libhdf5 holds nothing once a visit returns: the file is closed.
    ///
    /// Only the HDF5 reader process runs this (`HDF5Reader`, in `weightatlas-hdf5`): libhdf5
    /// is not safe on hostile files (it loops, allocates without end and crashes on some), so
    /// the reader opens files through `HDF5.Sandbox`, never in the calling process.
    enum File {
        /// Most datasets accepted in one file.
        static let maxDatasets = 1 << 20

        /// Calls `body` with every dataset of the HDF5 file at `path` (of `fileSize` bytes).
        /// The caller has checked the superblock (`KerasFile`, before it starts the reader).
        /// - Throws: the kinds of `Dataset.init`; `.malformedHeader`
        ///   with libhdf5's reason when it cannot open or walk the file; whatever `body` throws.
        /// `beforeRead` is told the size of each dataset about to be read into memory.
        static func visit(path: String, fileSize: Int, beforeRead: (Int) -> Void = { _ in },
                          _ body: (Dataset) throws(FormatError) -> Void) throws(FormatError) {
            try HDF5.locked { () throws(FormatError) in
                let file = try Handle(H5Fopen(path, weightatlas_h5f_acc_rdonly(), weightatlas_h5p_default()),
                                      close: H5Fclose, "H5Fopen", offset: 0)
                try walk(file.raw, fileSize: fileSize, beforeRead: beforeRead, body)
            }
        }

        /// Calls `body` with every dataset of the HDF5 file image `image` (a copy is opened in
        /// memory by the core driver: H5Pset_fapl_core, H5Pset_file_image; nothing is written
        /// to disk).
        static func visit(image: UnsafeRawBufferPointer, beforeRead: (Int) -> Void = { _ in },
                          _ body: (Dataset) throws(FormatError) -> Void) throws(FormatError) {
            try HDF5.locked { () throws(FormatError) in
                let fapl = try Handle(H5Pcreate(weightatlas_h5p_file_access()), close: H5Pclose, "H5Pcreate")
                try check(H5Pset_fapl_core(fapl.raw, 1 << 20, false), "H5Pset_fapl_core")
                try check(H5Pset_file_image(fapl.raw, UnsafeMutableRawPointer(mutating: image.baseAddress), image.count),
                          "H5Pset_file_image")
                let file = try Handle(H5Fopen("model.weights.h5", weightatlas_h5f_acc_rdonly(), fapl.raw),
                                      close: H5Fclose, "H5Fopen (file image)", offset: 0)
                try walk(file.raw, fileSize: image.count, beforeRead: beforeRead, body)
            }
        }

        /// Walks the file's groups (`GroupWalker`), then describes each dataset in turn.
        private static func walk(_ file: hid_t, fileSize: Int, beforeRead: (Int) -> Void,
                                 _ body: (Dataset) throws(FormatError) -> Void) throws(FormatError) {
            var walker = GroupWalker(file: file)
            try walker.walkFromRoot()
            guard walker.datasets.count <= maxDatasets else {
                throw FormatError(format: KerasFile.formatName,
                                  kind: .malformedHeader("\(walker.datasets.count) datasets, limit is \(maxDatasets)"), offset: 0)
            }
            var budget = ReadBudget(fileSize: fileSize)
            for (path, address) in walker.datasets {
                let dataset: Dataset
                do {
                    dataset = try HDF5.Dataset(file: file, path: path, fileSize: fileSize, budget: &budget, beforeRead: beforeRead)
                } catch {
                    var error = error
                    error.offset = error.offset ?? address   // the dataset's object header
                    throw error
                }
                try body(dataset)
            }
        }
    }
}
