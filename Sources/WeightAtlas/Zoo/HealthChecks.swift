import Foundation

/// The per-tensor health checks of one model: NaN, Inf, dead filters, exploded values, and
/// for a LoRA adapter's deltas whether the config declares the module (`lora-targets`); opt-in,
/// whether the first spatial layer's median roughness says it is still noise (`noisy`).
public enum HealthChecks {
    /// The results for `reports` under `config`, tensor by tensor in file order: each tensor
    /// gets the checks its `CheckRole` fits (every check with `config.strict`).
    public static func run(_ reports: [TensorReport], config: CheckConfig) -> [CheckResult] {
        var results: [CheckResult] = []
        if config.runs(.noisy), let first = firstLayer(reports.filter { !config.ignores($0.info.name) }),
           let median = first.roughness?.median {
            let passed = median <= config.noisyRoughness
            results.append(CheckResult(check: .noisy, tensor: first.info.name, passed: passed,
                                       detail: "first layer's median roughness \(number(median)) \(passed ? "<=" : ">") \(number(config.noisyRoughness))"))
        }
        for report in reports where !config.ignores(report.info.name) {
            let name = report.info.name, stats = report.stats
            let fits = config.strict ? Set(CheckConfig.allChecks) : CheckRole(report.info).checks
            let runs = { (check: Check) in config.runs(check) && fits.contains(check) }
            if runs(.nan) {
                results.append(CheckResult(check: .nan, tensor: name, passed: stats.nan == 0,
                                           detail: stats.nan == 0 ? "no NaN" : "\(stats.nan) NaN"))
            }
            if runs(.inf) {
                results.append(CheckResult(check: .inf, tensor: name, passed: stats.inf == 0,
                                           detail: stats.inf == 0 ? "no Inf" : "\(stats.inf) Inf"))
            }
            // A one-value filter is always constant: counting it dead says nothing.
            if runs(.dead), let dead = report.deadFilters, report.plan.filterCount > 0,
               report.plan.filterLength > 1 || config.strict {
                let filters = report.plan.filterCount
                let passed = Double(dead) <= config.deadFraction * Double(filters)
                results.append(CheckResult(check: .dead, tensor: name, passed: passed,
                                           detail: "\(dead) of \(filters) filters constant"))
            }
            if runs(.exploded), stats.finite > 0 {
                let largest = Double(max(abs(stats.min), abs(stats.max)))
                let passed = largest <= config.maxAbs
                results.append(CheckResult(check: .exploded, tensor: name, passed: passed,
                                           detail: "max |x| \(number(largest)) \(passed ? "<=" : ">") \(number(config.maxAbs))"))
            }
            if config.runs(.loraTargets), let lora = report.lora, let declared = lora.declared {
                results.append(CheckResult(check: .loraTargets, tensor: name, passed: declared,
                                           detail: declared ? "module in target_modules" : "module '\(lora.module)' not in the config's target_modules"))
            }
        }
        return results
    }

    /// The model's first layer for `noisy`: the first tensor (file order) of RGB spatial filters,
    /// else the first of any spatial filters (a grey input). Files do not always list the input's
    /// convolution first (PaddleOCR's ONNX initialisers), but it is the one whose filters see
    /// three colour channels; optimiser state (Keras h5 `optimizer_weights/`, Adam moments) is
    /// not a layer.
    static func firstLayer(_ reports: [TensorReport]) -> TensorReport? {
        let spatial = reports.filter { $0.roughness?.median != nil && !$0.info.name.lowercased().contains("optimizer") }
        return spatial.first { $0.plan.kind == .rgbTiles } ?? spatial.first
    }

    /// A number in at most 4 significant digits (`%.4g`), the same on every machine.
    static func number(_ value: Double) -> String { String(format: "%.4g", value) }
}
