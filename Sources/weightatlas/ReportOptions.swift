import Foundation
import WeightAtlas

/// `--junit`, `--summary` and `--link-base`, shared by `zoo` and `merge`.
struct ReportOptions {
    static let junit = Option<String?>("--junit", placeholder: "FILE",
                                       help: "write a JUnit XML report: a testsuite per model, a testcase per check", .text)
    static let summary = Option<String?>("--summary", placeholder: "FILE",
                                         help: "write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)", .text)
    static let linkBase = Option<String?>("--link-base", placeholder: "URL",
                                          help: "prefix for the summary's links and thumbnails (default: relative paths)", .text)
    /// The declarations, in the help's order.
    static let specs = [junit.spec, summary.spec, linkBase.spec]

    var junit: String?
    var summary: String?
    var linkBase: String?

    /// The report options given in `arguments`.
    init(_ arguments: Arguments) throws(UsageError) {
        junit = try arguments.value(Self.junit)
        summary = try arguments.value(Self.summary)
        linkBase = try arguments.value(Self.linkBase)
    }

    /// The reports asked for, about the zoo in `output`.
    func make(output: String) -> ZooReports {
        var reports = ZooReports(output: output)
        reports.junit = junit
        reports.summary = summary
        reports.linkBase = linkBase
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
