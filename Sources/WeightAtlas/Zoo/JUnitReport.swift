import WeightAtlasEncode

/// The JUnit XML report of a zoo run: a `<testsuite>` per model, a `<testcase>` per check
/// result (named `check tensor`), a `<failure>` with the detail for each failed one and a
/// `<skipped>` for each check that could not be made (a model not in the baseline). A partial
/// merge adds a `merge` suite with a failed `shard i of n` case per missing shard. No timings,
/// so the same results give the same bytes.
public enum JUnitReport {
    /// The report's text.
    public static func xml(_ document: ZooDocument) -> String {
        let missing = document.provenance?.partial.map { partial in partial.missing.map { (shard: $0, of: partial.count) } } ?? []
        let tests = document.models.reduce(0) { $0 + $1.checks.count } + missing.count
        let failures = document.models.reduce(0) { $0 + $1.failures.count } + missing.count
        let skipped = document.models.reduce(0) { $0 + $1.checks.filter(\.skipped).count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"weightatlas zoo\(missing.isEmpty ? "" : " (partial)")\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\""
            + (skipped > 0 ? " skipped=\"\(skipped)\"" : "") + ">\n"
        if !missing.isEmpty {
            out += "  <testsuite name=\"merge\" tests=\"\(missing.count)\" failures=\"\(missing.count)\" errors=\"0\" skipped=\"0\">\n"
            for (shard, count) in missing {
                let message = "shard \(shard) of \(count) missing: its models are not in this report"
                out += "    <testcase classname=\"merge\" name=\"shard \(shard) of \(count)\">\n"
                out += "      <failure type=\"missing-shard\" message=\"\(message)\">\(message)</failure>\n"
                out += "    </testcase>\n"
            }
            out += "  </testsuite>\n"
        }
        for entry in document.models {
            let path = MarkupEscaping.escape(entry.path)
            let skips = entry.checks.filter(\.skipped).count
            out += "  <testsuite name=\"\(path)\" tests=\"\(entry.checks.count)\" failures=\"\(entry.failures.count)\" errors=\"0\" skipped=\"\(skips)\">\n"
            for check in entry.checks {
                let name = MarkupEscaping.escape(check.check.rawValue + (check.tensor.map { " " + $0 } ?? ""))
                let detail = MarkupEscaping.escape(check.detail)
                if check.skipped {
                    out += "    <testcase classname=\"\(path)\" name=\"\(name)\">\n"
                    out += "      <skipped message=\"\(detail)\"/>\n"
                    out += "    </testcase>\n"
                } else if check.passed {
                    out += "    <testcase classname=\"\(path)\" name=\"\(name)\"/>\n"
                } else {
                    out += "    <testcase classname=\"\(path)\" name=\"\(name)\">\n"
                    out += "      <failure type=\"\(MarkupEscaping.escape(check.check.rawValue))\" message=\"\(detail)\">\(detail)</failure>\n"
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }
}
