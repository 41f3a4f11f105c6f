import CHDF5
import WeightAtlasFormats
import WeightAtlasTensor

extension HDF5.Dataset {
    /// Describes the dataset at `path` of the open file `file` whose image has `fileSize`
    /// bytes, reading the elements now unless they are contiguous and unfiltered (telling
    /// `beforeRead` their size first, after charging it to `budget`).
    /// - Throws: `.unsupportedDType`, `.invalidDimension`, `.overflow`, `.badMember`
    ///   (external or virtual storage, a plugin filter, a declared size past the cap, the
    ///   file's read budget spent), `.tensorOutOfBounds`,
    ///   `.malformedHeader` (libhdf5's own failures).
    init(file: hid_t, path: String, fileSize: Int, budget: inout HDF5.ReadBudget,
         beforeRead: (Int) -> Void) throws(FormatError) {
        let dataset = try HDF5.Handle(H5Dopen2(file, path, weightatlas_h5p_default()), close: H5Dclose, "H5Dopen2", tensor: path)
        let type = try HDF5.Handle(H5Dget_type(dataset.raw), close: H5Tclose, "H5Dget_type", tensor: path)
        let (dtype, byteOrder) = try Self.elementType(type.raw, path: path)
        let shape = try Self.shape(of: dataset.raw, path: path)
        var total = dtype.size
        for dimension in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw FormatError(format: KerasFile.formatName, kind: .overflow(field: "dataset size"), tensor: path) }
            total = product
        }
        let storage = try Self.storage(dataset.raw, type: type.raw, byteCount: total, fileSize: fileSize, path: path,
                                       budget: &budget, beforeRead: beforeRead)
        self.init(path: path, dtype: dtype, byteOrder: byteOrder, shape: shape, byteCount: total, storage: storage)
    }

    /// DType and byte order of an HDF5 datatype (IEEE floats of 2, 4, 8 bytes, bfloat16, integers).
    private static func elementType(_ type: hid_t, path: String) throws(FormatError) -> (DType, ByteOrder) {
        let size = H5Tget_size(type)
        let order: ByteOrder = H5Tget_order(type) == H5T_ORDER_BE ? .big : .little
        let dtype: DType?
        switch H5Tget_class(type) {
        case H5T_FLOAT:
            var spos = 0, epos = 0, esize = 0, mpos = 0, msize = 0
            _ = H5Tget_fields(type, &spos, &epos, &esize, &mpos, &msize)
            dtype = switch (size, esize, msize) {
            case (2, 5, 10): .f16
            case (2, 8, 7): .bf16
            case (4, 8, 23): .f32
            case (8, 11, 52): .f64
            default: nil
            }
        case H5T_INTEGER:
            let signed = H5Tget_sign(type) == H5T_SGN_2
            dtype = switch size {
            case 1: signed ? .i8 : .u8
            case 2: signed ? .i16 : .u16
            case 4: signed ? .i32 : .u32
            case 8: signed ? .i64 : .u64
            default: nil
            }
        default:
            dtype = nil
        }
        guard let dtype else {
            throw FormatError(format: KerasFile.formatName, kind: .unsupportedDType("HDF5 class \(H5Tget_class(type).rawValue), \(size) bytes"),
                              tensor: path)
        }
        return (dtype, order)
    }

    /// The dataset's dimensions (H5Sget_simple_extent_dims), each checked to fit Int.
    private static func shape(of dataset: hid_t, path: String) throws(FormatError) -> [Int] {
        let space = try HDF5.Handle(H5Dget_space(dataset), close: H5Sclose, "H5Dget_space", tensor: path)
        let rank = try HDF5.check(H5Sget_simple_extent_ndims(space.raw), "H5Sget_simple_extent_ndims", tensor: path)
        guard rank <= 32 else {
            throw FormatError(format: KerasFile.formatName, kind: .invalidDimension("rank \(rank)"), tensor: path)
        }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        try HDF5.check(H5Sget_simple_extent_dims(space.raw, &dims, nil), "H5Sget_simple_extent_dims", tensor: path)
        var shape: [Int] = []
        for dim in dims {
            guard let value = Int(exactly: dim) else {
                throw FormatError(format: KerasFile.formatName, kind: .invalidDimension("\(dim)"), tensor: path)
            }
            shape.append(value)
        }
        return shape
    }
}
