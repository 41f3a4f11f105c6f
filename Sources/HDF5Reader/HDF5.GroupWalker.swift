import CHDF5
import WeightAtlasFormats

extension HDF5 {
    /// Our walk of an HDF5 file's groups, in place of libhdf5's H5Ovisit2: that one follows
    /// a group that links back to an ancestor without end when a corrupt file's link counts
    /// say 1 (it only remembers objects linked more than once), growing memory by the GB.
    ///
    /// Here each group is entered once (by object address), at most `maxDepth` deep, and at
    /// most `maxLinks` links are listed in all before the file is refused. The order is
    /// H5Ovisit2's: depth first, each group's links by name, increasing. Soft and external
    /// links are not followed (Keras writes neither). A dataset hard-linked under several
    /// names is listed once, by the first name the walk meets (by object address, as groups):
    /// Keras never links one dataset twice, and a 227 KB file linking a 1 MiB dataset 2,000
    /// times made the reader read, send and the caller keep it 2,000 times (2.1 GiB).
    struct GroupWalker {
        /// Deepest group nesting accepted.
        static let maxDepth = 64
        /// Most links listed in one file (every group's links together).
        static let maxLinks = 1 << 21

        let file: hid_t
        /// Every dataset found: its path from the root (no leading "/") and object address.
        private(set) var datasets: [(path: String, address: Int)] = []
        private var entered: Set<haddr_t> = []
        /// Object addresses of the datasets listed.
        private var listed: Set<haddr_t> = []
        private var linksListed = 0

        init(file: hid_t) {
            self.file = file
        }

        /// Walks the whole file from its root group.
        mutating func walkFromRoot() throws(FormatError) {
            try enter(group: "", address: try info(of: "/").addr, depth: 0)
        }

        /// Lists the hard links of the group at `path` ("" is the root), records its
        /// datasets and enters its groups.
        private mutating func enter(group path: String, address: haddr_t, depth: Int) throws(FormatError) {
            guard entered.insert(address).inserted else { return }
            guard depth <= Self.maxDepth else {
                throw refuse("groups nest deeper than \(Self.maxDepth) at '\(path)'", offset: address)
            }
            for name in try links(of: path, address: address) {
                let child = path.isEmpty ? name : "\(path)/\(name)"
                let info = try info(of: child)
                switch info.type {
                case H5O_TYPE_DATASET:
                    if listed.insert(info.addr).inserted { datasets.append((child, Int(clamping: info.addr))) }
                case H5O_TYPE_GROUP: try enter(group: child, address: info.addr, depth: depth + 1)
                default: break   // named datatypes
                }
            }
        }

        /// The names of the hard links in the group at `path`, by name, increasing.
        private mutating func links(of path: String, address: haddr_t) throws(FormatError) -> [String] {
            final class Names {
                var list: [String] = []
                var budget: Int
                init(budget: Int) { self.budget = budget }
            }
            let names = Names(budget: Self.maxLinks - linksListed)
            let collect: H5L_iterate_t = { _, name, info, data in
                guard let name, let info, let data else { return -1 }
                let names = Unmanaged<Names>.fromOpaque(data).takeUnretainedValue()
                guard names.budget > 0 else { return 1 }   // stop: over the cap
                names.budget -= 1
                if info.pointee.type == H5L_TYPE_HARD { names.list.append(String(cString: name)) }
                return 0
            }
            var index: hsize_t = 0
            let status = withExtendedLifetime(names) {
                H5Literate_by_name(file, path.isEmpty ? "/" : "/\(path)", H5_INDEX_NAME, H5_ITER_INC, &index,
                                   collect, Unmanaged.passUnretained(names).toOpaque(), weightatlas_h5p_default())
            }
            guard status >= 0 else { throw failure("H5Literate_by_name '/\(path)'", offset: Int(clamping: address)) }
            guard names.budget > 0 else {
                throw refuse("more than \(Self.maxLinks) links in the file's groups", offset: address)
            }
            linksListed = Self.maxLinks - names.budget
            return names.list
        }

        /// The basic object information of the object at `path` (from the root).
        private func info(of path: String) throws(FormatError) -> H5O_info_t {
            var info = H5O_info_t()
            let name = path.hasPrefix("/") ? path : "/\(path)"
            guard H5Oget_info_by_name2(file, name, &info, UInt32(H5O_INFO_BASIC), weightatlas_h5p_default()) >= 0 else {
                throw failure("H5Oget_info_by_name2 '\(name)'", tensor: path)
            }
            return info
        }

        private func refuse(_ why: String, offset: haddr_t) -> FormatError {
            FormatError(format: KerasFile.formatName, kind: .malformedHeader(why), offset: Int(clamping: offset))
        }
    }
}
