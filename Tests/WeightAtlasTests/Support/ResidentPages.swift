import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How many whole pages of `bytes` (a file mapping) the kernel holds in memory (mincore):
/// 0 proves that nothing read them, which a clock cannot.
func residentPages(of bytes: UnsafeRawBufferPointer) -> Int {
    guard let base = bytes.baseAddress else { return 0 }
    let page = Int(sysconf(Int32(_SC_PAGESIZE)))
    let start = (Int(bitPattern: base) + page - 1) / page * page
    let pages = max(0, (Int(bitPattern: base) + bytes.count - start) / page)
    var resident = [UInt8](repeating: 0, count: pages)
    guard pages > 0, mincore(UnsafeMutableRawPointer(bitPattern: start), pages * page, &resident) == 0 else { return 0 }
    return resident.filter { $0 & 1 != 0 }.count
}
