import Foundation
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// The pinned real-model corpus (Tests/RealModels): corpus.json and expected/<id>.json from the
/// source tree (found from this file), the model files from the cache that
/// Tests/RealModels/fetch_corpus.py fills: `$WEIGHTATLAS_REAL_MODELS`, or
/// `~/.cache/weightatlas/real-models`, one folder per model id.
enum RealCorpus {
    /// Tests/RealModels.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("RealModels")

    /// One entry of corpus.json (the fields the tests use).
    struct Model: Decodable, Sendable {
        var id: String
        var filename: String
        var format: String
        var size: Int
        var member_sha256: String
    }

    /// One tensor of expected/<id>.json, as the reference Python readers saw it.
    struct Tensor: Decodable, Sendable {
        var name: String
        var shape: [Int]
        var dtype: String
        var count: Int
        var min: Double?
        var max: Double?
        var mean: Double?
        var mean_abs: Double?
        var nan: Int
        var inf: Int
        /// A TFLite sparse tensor (densified by the reference).
        var sparse: Bool?
        /// What today's weightatlas made of it when the file was generated ("missing", "differs: …").
        var ours: String?
    }

    struct Expected: Decodable, Sendable {
        var id: String
        var file: String
        var tensors: [Tensor]
    }

    /// The cache folder.
    static var cache: URL {
        if let path = ProcessInfo.processInfo.environment["WEIGHTATLAS_REAL_MODELS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        return FileManager.default.homeDirectoryForCurrentUser
            .appendingPathComponent(".cache/weightatlas/real-models")
    }

    /// Every model of corpus.json.
    static let models: [Model] = {
        struct Corpus: Decodable { var models: [Model] }
        guard let data = try? Data(contentsOf: root.appendingPathComponent("corpus.json")),
              let corpus = try? JSONDecoder().decode(Corpus.self, from: data) else { return [] }
        return corpus.models
    }()

    static var ids: [String] { models.map(\.id) }

    /// The cached path of `model`.
    static func path(_ model: Model) -> String {
        cache.appendingPathComponent(model.id).appendingPathComponent(model.filename).path
    }

    /// Models whose file is not in the cache, or not of the pinned size.
    static var missing: [String] {
        models.filter { model in
            let size = (try? FileManager.default.attributesOfItem(atPath: path(model))[.size] as? Int) ?? nil
            return size != model.size
        }.map(\.id)
    }

    /// True when the cache folder exists.
    static var folderExists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: cache.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// True when the cache folder holds every model of corpus.json.
    static var isPresent: Bool { !models.isEmpty && folderExists && missing.isEmpty }

    /// True in CI (CI=true) with the cache folder set up: then an incomplete cache is a failure.
    static var mustBeComplete: Bool {
        ProcessInfo.processInfo.environment["CI"] == "true" && folderExists
    }

    static func model(_ id: String) -> Model? { models.first { $0.id == id } }

    static func expected(_ id: String) throws -> Expected {
        let data = try Data(contentsOf: root.appendingPathComponent("expected/\(id).json"))
        return try JSONDecoder().decode(Expected.self, from: data)
    }

    /// Min, max and Float64 mean over the finite values of `tensor`, and its NaN/Inf counts,
    /// read in chunks of 1 M values (block-quantised types decode block by block).
    static func statistics(of tensor: TensorInfo, in file: any WeightFile) throws
        -> (min: Double?, max: Double?, mean: Double?, nan: Int, inf: Int) {
        let bytes = try file.bytes(of: tensor)
        guard tensor.count > 0 else { return (nil, nil, nil, 0, 0) }
        let view = tensor.storedView
        let conversion = ElementConversion(dtype: tensor.dtype, byteOrder: tensor.byteOrder)
        let chunk = 1 << 20
        var buffer = [Float](repeating: 0, count: Swift.min(chunk, tensor.count))
        var low = Float.infinity, high = -Float.infinity, sum = 0.0, finite = 0, nan = 0, inf = 0
        var start = 0
        while start < tensor.count {
            let end = Swift.min(start + chunk, tensor.count)
            bytes.withUnsafeBytes { stored in buffer.withUnsafeMutableBufferPointer { out in
                view.read(start..<end, from: stored.baseAddress!, conversion: conversion, into: out.baseAddress!)
                for value in out[0..<(end - start)] {
                    if value.isNaN { nan += 1; continue }
                    if value.isInfinite { inf += 1; continue }
                    if value < low { low = value }
                    if value > high { high = value }
                    sum += Double(value)
                    finite += 1
                }
            } }
            start = end
        }
        guard finite > 0 else { return (nil, nil, nil, nan, inf) }
        return (Double(low), Double(high), sum / Double(finite), nan, inf)
    }
}
