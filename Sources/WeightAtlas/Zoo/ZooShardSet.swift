/// The zoo outputs given to `merge`, checked to be the shards of one run: each records which
/// shard of how many it is (`ZooProvenance`; an output without `shard` is shard 0 of 1), and
/// all must share the version, walk, configuration and baseline. A shard given twice, one
/// missing, or one of another run is refused, naming it; with `allowPartial` missing shards
/// are let through and recorded (`ZooPartial`).
public struct ZooShardSet: Sendable {
    /// The record the merged zoo.json carries: the shards' own, less `shard`, plus `partial`.
    public var provenance: ZooProvenance

    /// Checks the `documents` read from `inputs` (same order).
    /// - Throws: `ZooError.shards` naming what is wrong (and the inputs concerned), or
    ///   `.document` for an input that records no provenance.
    public init(_ documents: [ZooDocument], inputs: [String], allowPartial: Bool) throws(ZooError) {
        precondition(!documents.isEmpty && documents.count == inputs.count)
        var records: [ZooProvenance] = []
        for (document, input) in zip(documents, inputs) {
            guard let record = document.provenance else {
                throw ZooError.document(file: input + "/zoo.json", offset: nil,
                                        message: "it does not record which run and shard it is (written by an earlier weightatlas): run that shard again")
            }
            records.append(record)
        }
        let first = records[0]
        let count = first.shard?.count ?? 1
        var seen: [Int: String] = [:]
        for (record, input) in zip(records, inputs) {
            if let difference = record.difference(from: first) {
                throw ZooError.shards("\(input) and \(inputs[0]) are not shards of one run: \(input) \(difference)")
            }
            if let partial = record.partial {
                throw ZooError.shards("\(input) is itself a partial merge (\(partial)): merge the shards, not a partial result")
            }
            let shard = record.shard ?? (try! ZooShard(index: 0, count: 1))
            guard shard.count == count else {
                throw ZooError.shards("\(input) is shard \(shard) but \(inputs[0]) is shard \(first.shard?.description ?? "0/1"): outputs of runs with different shard counts")
            }
            if let other = seen[shard.index] {
                throw ZooError.shards("shard \(shard) given twice: \(other) and \(input)")
            }
            seen[shard.index] = input
        }
        let missing = (0..<count).filter { seen[$0] == nil }
        if !missing.isEmpty && !allowPartial {
            let partial = ZooPartial(count: count, missing: missing)
            throw ZooError.shards("shard\(missing.count == 1 ? "" : "s") \(partial.missing.map(String.init).joined(separator: ", ")) of \(count) missing (given: \(seen.keys.sorted().map(String.init).joined(separator: ", "))): a task failed, was cancelled or has not finished; --allow-partial merges what is there, marked partial")
        }
        provenance = first
        provenance.shard = nil
        provenance.partial = missing.isEmpty ? nil : ZooPartial(count: count, missing: missing)
    }
}
