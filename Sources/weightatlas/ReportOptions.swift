import Foundation
import WeightAtlas

/// `--junit`, `--summary` and `--link-base`, shared by `zoo` and `merge`.
enum ReportOptions {
    static let specs: [OptionSpec] = [
        OptionSpec(name: "--junit", placeholder: "FILE", help: "write a JUnit XML report: a testsuite per model, a testcase per check"),
        OptionSpec(name: "--summary", placeholder: "FILE", help: "write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)"),
        OptionSpec(name: "--link-base", placeholder: "URL", help: "prefix for the summary's links and thumbnails (default: relative paths)"),
    ]

    /// The reports the arguments ask for, about the zoo in `output`.
    static func make(_ arguments: Arguments, output: String) -> ZooReports {
        var reports = ZooReports(output: output)
        reports.junit = arguments.value("--junit")
        reports.summary = arguments.value("--summary")
        reports.linkBase = arguments.value("--link-base")
        if let step = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !step.isEmpty { reports.stepSummary = step }
        return reports
    }

    /// One line about the result, for stdout.
    static func verdict(_ document: ZooDocument, output: String) -> String {
        let failedModels = document.models.filter { !$0.passed }.count
        let failedChecks = document.models.reduce(0) { $0 + $1.failures.count }
        let checks = document.models.reduce(0) { $0 + $1.checks.count }
        return (document.provenance?.partial.map { "\($0): " } ?? "") + "\(document.models.count) models, \(failedModels) failed; \(checks) checks, \(failedChecks) failed -> \(output)/zoo.json"
    }
}
