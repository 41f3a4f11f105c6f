import CHDF5
import WeightAtlasFormats

extension HDF5.Dataset {
    /// Deflate's largest expansion ratio: a filtered dataset may not declare more than its
    /// stored bytes could produce (nor more than `maxOwnedSize`).
    static let maxExpansion = 1032

    /// A contiguous unfiltered dataset's file range (H5Dget_offset, H5Dget_storage_size), or
    /// its elements read with H5Dread (no conversion: the memory type is the file type),
    /// charged to `budget` first.
    static func storage(_ dataset: hid_t, type: hid_t, byteCount: Int, fileSize: Int, path: String,
                        budget: inout HDF5.ReadBudget, beforeRead: (Int) -> Void) throws(FormatError) -> Storage {
        func refuse(_ why: String) -> FormatError {
            FormatError(format: KerasFile.formatName, kind: .badMember(why), tensor: path,
                        offset: firstChunkAddress(dataset))
        }
        let plist = try HDF5.Handle(H5Dget_create_plist(dataset), close: H5Pclose, "H5Dget_create_plist", tensor: path)
        let layout = H5Pget_layout(plist.raw)
        guard layout != H5D_VIRTUAL else { throw refuse("virtual dataset (its data lies in other files)") }
        guard H5Pget_external_count(plist.raw) == 0 else { throw refuse("external storage (its data lies in other files)") }
        let filters = try HDF5.check(H5Pget_nfilters(plist.raw), "H5Pget_nfilters", tensor: path)
        try checkFilters(plist.raw, count: filters, refuse: refuse)
        let stored = Int(clamping: H5Dget_storage_size(dataset))
        let address = H5Dget_offset(dataset)
        if layout == H5D_CONTIGUOUS, filters == 0, address != haddr_t.max, stored == byteCount {
            guard let start = Int(exactly: address), start <= fileSize, byteCount <= fileSize - start else {
                let start = Int(clamping: address)
                throw FormatError(format: KerasFile.formatName,
                                  kind: .tensorOutOfBounds(start: start, count: byteCount, available: fileSize),
                                  tensor: path, offset: start <= fileSize ? start : nil)   // else: the object header
            }
            return .contiguous(start..<start + byteCount)
        }
        // Past 1 MiB, the archives' zip-bomb ratio (ZipDirectory.maxRatio, 100:1) applies.
        let ratio = byteCount > ZipDirectory.bombFloor ? ZipDirectory.maxRatio : maxExpansion
        let cap = min(maxOwnedSize, stored.multipliedReportingOverflow(by: ratio).partialValue + 1024)
        guard byteCount <= cap else {
            throw refuse("declares \(byteCount) bytes from \(stored) stored (at most \(cap) accepted)")
        }
        try budget.charge(byteCount, dataset: path, offset: firstChunkAddress(dataset))
        beforeRead(byteCount)
        let buffer = InflatedBuffer(count: byteCount)
        guard byteCount > 0 else { return .owned(buffer) }
        try HDF5.check(H5Dread(dataset, type, weightatlas_h5s_all(), weightatlas_h5s_all(), weightatlas_h5p_default(),
                               buffer.bytes.baseAddress), "H5Dread", tensor: path)
        return .owned(buffer)
    }

    /// The filters built into libhdf5: deflate, shuffle, Fletcher-32, szip, N-bit, scale-offset.
    static let builtinFilters = H5Z_FILTER_DEFLATE...H5Z_FILTER_SCALEOFFSET
    /// Names of plugin filters often met, for the message (the file's own name is not trusted).
    static let pluginNames: [H5Z_filter_t: String] = [
        307: "bzip2", 32001: "blosc", 32004: "lz4", 32008: "bitshuffle", 32013: "zfp", 32015: "zstd", 32026: "blosc2",
    ]

    /// Refuses a pipeline naming a filter libhdf5 does not have built in (H5Pget_filter2):
    /// reading it would make libhdf5 search HDF5_PLUGIN_PATH for a shared library to load.
    /// (Plugin loading is off in the reader process as well: `HDF5.locked`.)
    static func checkFilters(_ plist: hid_t, count: Int32, refuse: (String) -> FormatError) throws(FormatError) {
        for index in 0..<max(0, count) {
            var flags: UInt32 = 0, values = 0, config: UInt32 = 0
            var name = [CChar](repeating: 0, count: 64)
            let id = H5Pget_filter2(plist, UInt32(index), &flags, &values, nil, name.count, &name, &config)
            guard !builtinFilters.contains(id) else { continue }
            guard id >= 0 else { throw refuse("filter \(index) of its pipeline cannot be read (libhdf5 \(HDF5.lastMessage()))") }
            let known = pluginNames[id].map { " (\($0))" } ?? ""
            throw refuse("filter \(id)\(known) is an HDF5 plugin, and plugins are never loaded")
        }
    }

    /// The file offset of a chunked dataset's first chunk (calls `H5Dget_chunk_info_by_coord`),
    /// the byte an error about its storage points at; nil when it has none.
    static func firstChunkAddress(_ dataset: hid_t) -> Int? {
        let space = H5Dget_space(dataset)
        guard space >= 0 else { return nil }
        defer { H5Sclose(space) }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank > 0 else { return nil }
        var origin = [hsize_t](repeating: 0, count: Int(rank))
        var mask: UInt32 = 0, address: haddr_t = 0, size: hsize_t = 0
        guard H5Dget_chunk_info_by_coord(dataset, &origin, &mask, &address, &size) >= 0, address != haddr_t.max else { return nil }
        return Int(exactly: address)
    }
}
