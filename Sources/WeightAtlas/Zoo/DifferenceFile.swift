#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import WeightAtlasFormats
import WeightAtlasTensor

/// B − A for two checkpoints of one architecture, as a weight file: one Float32 tensor per
/// name the two share with the same shape, laid out like A's (same shape and role, so it is
/// planned filter for filter like A). Tensors with different shapes, or in one file only,
/// are listed, not diffed.
///
/// Memory stays bounded: a tensor's differences are computed in chunks of `chunk` values
/// into an unlinked temporary file that is then memory-mapped (pages the kernel can drop),
/// never into one heap buffer. The last tensor computed is cached, because a render asks for
/// the same tensor's bytes more than once, and every tensor's per-filter change statistics
/// are kept, so diff.json does not compute a difference twice.
public final class DifferenceFile: WeightFile, @unchecked Sendable {
    /// "diff".
    public static let formatName = "diff"
    /// Values converted and subtracted per step.
    static let chunk = 1 << 20

    /// Never true: a difference is made from two files, not found in one.
    public static func sniff(_ prefix: UnsafeRawBufferPointer) -> Bool { false }

    /// Not available: use `init(a:b:)`.
    /// - Throws: always `FormatError` `.unknownFormat`.
    public init(file: MappedFile) throws(FormatError) {
        throw FormatError(file: file.path, format: Self.formatName, kind: .unknownFormat, offset: 0)
    }

    /// `B − A`, naming both.
    public let path: String
    /// The differences, in A's order.
    public let tensors: [TensorInfo]
    /// Tensors in both with different shapes: name, A's shape, B's shape.
    public let mismatched: [(name: String, a: [Int], b: [Int])]
    /// Tensor names only A has.
    public let onlyInA: [String]
    /// Tensor names only B has.
    public let onlyInB: [String]

    let a: any WeightFile, b: any WeightFile
    let pairing: TensorPairing
    let lock = NSLock()
    var cached: (name: String, bytes: TensorBytes)?
    /// Every computed tensor's per-filter statistics (a few dozen bytes per filter), so
    /// `filterChanges` after a render does not compute the difference again.
    var filterCache: [String: [FilterChange]] = [:]
    /// Every computed tensor's finite range over A's and B's values together (nil when neither
    /// has a finite value): the histograms' shared range, found while the values pass by.
    var rangeCache: [String: (low: Float, high: Float)?] = [:]

    /// The difference `b − a`, tensors paired as `TensorPairing` says (by name, and by the
    /// Hugging Face names of a GGUF file's tensors).
    public init(a: any WeightFile, b: any WeightFile) {
        self.a = a
        self.b = b
        path = "\(b.path) - \(a.path)"
        pairing = TensorPairing(a: a, b: b)
        tensors = pairing.compared.map { info in
            TensorInfo(name: info.name, dtype: .f32, shape: info.shape, byteRange: 0..<(info.count * 4),
                       byteOrder: .host, role: info.role)
        }
        mismatched = pairing.mismatched
        onlyInA = pairing.onlyInA
        onlyInB = pairing.onlyInB
    }

    /// B's tensor compared with A's tensor `name`, and whether its rows were read in A's
    /// order from llama.cpp's rotary order or back (the head count), when they were.
    public func counterpart(of name: String) -> (name: String, rotaryHeads: Int?)? {
        pairing.pairs[name].map { ($0.b.name, $0.rows?.heads) }
    }

    /// B − A of `tensor` as Float32 values in row-major order.
    /// - Throws: `FormatError` from reading A or B, or `.io` when the scratch file fails.
    public func bytes(of tensor: TensorInfo) throws(FormatError) -> TensorBytes {
        try difference(tensor.name).bytes
    }

    /// Per-filter statistics of the change of tensor `name`.
    /// - Throws: `FormatError` as `bytes(of:)`.
    public func filterChanges(of name: String) throws(FormatError) -> [FilterChange] {
        lock.lock()
        let known = filterCache[name]
        lock.unlock()
        if let known { return known }
        return try difference(name).filters
    }

    /// A's and B's finite range of tensor `name` together, nil when neither has a finite value.
    /// - Throws: `FormatError` as `bytes(of:)`.
    func sharedRange(of name: String) throws(FormatError) -> (low: Float, high: Float)? {
        lock.lock()
        let known = rangeCache[name]
        lock.unlock()
        if let known { return known }
        return try difference(name).range
    }

    func difference(_ name: String) throws(FormatError) -> (bytes: TensorBytes, filters: [FilterChange], range: (low: Float, high: Float)?) {
        lock.lock()
        defer { lock.unlock() }
        if let cached, cached.name == name, let filters = filterCache[name], let range = rangeCache[name] {
            return (cached.bytes, filters, range)
        }
        guard let pair = pairing.pairs[name] else {
            throw FormatError(file: path, format: Self.formatName, kind: .malformedHeader("no difference for this tensor"), tensor: name)
        }
        let result = try compute(pair)
        cached = (name, result.bytes)
        filterCache[name] = result.filters
        rangeCache[name] = result.range
        return result
    }
}
