import CHDF5
import WeightAtlasFormats

extension HDF5 {
    /// An open libhdf5 identifier (file, dataset, dataspace, datatype, property list) that
    /// closes itself with the matching `H5?close` when it goes away. Use only under the lock.
    struct Handle: ~Copyable {
        /// The identifier, valid while the handle lives.
        let raw: hid_t
        /// The function that releases it (H5Fclose, H5Dclose, H5Sclose, H5Tclose, H5Pclose).
        private let close: (hid_t) -> herr_t

        /// Takes ownership of `raw`, the result of a call described by `what`.
        /// - Throws: `.malformedHeader` with libhdf5's reason when `raw` is negative.
        init(_ raw: hid_t, close: @escaping (hid_t) -> herr_t, _ what: String, tensor: String? = nil,
             offset: Int? = nil) throws(FormatError) {
            guard raw >= 0 else { throw HDF5.failure(what, tensor: tensor, offset: offset) }
            self.raw = raw
            self.close = close
        }

        deinit { _ = close(raw) }
    }
}
