/// The JUnit XML report of a zoo run: a `<testsuite>` per model, a `<testcase>` per check
/// result (named `check tensor`), a `<failure>` with the detail for each failed one. No
/// timings, so the same results give the same bytes.
public enum JUnitReport {
    /// The report's text.
    public static func xml(_ document: ZooDocument) -> String {
        let tests = document.models.reduce(0) { $0 + $1.checks.count }
        let failures = document.models.reduce(0) { $0 + $1.failures.count }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"weightatlas zoo\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\">\n"
        for entry in document.models {
            let path = MarkupEscaping.escape(entry.path)
            out += "  <testsuite name=\"\(path)\" tests=\"\(entry.checks.count)\" failures=\"\(entry.failures.count)\" errors=\"0\" skipped=\"0\">\n"
            for check in entry.checks {
                let name = MarkupEscaping.escape(check.check + (check.tensor.map { " " + $0 } ?? ""))
                if check.passed {
                    out += "    <testcase classname=\"\(path)\" name=\"\(name)\"/>\n"
                } else {
                    out += "    <testcase classname=\"\(path)\" name=\"\(name)\">\n"
                    out += "      <failure type=\"\(MarkupEscaping.escape(check.check))\" message=\"\(MarkupEscaping.escape(check.detail))\">\(MarkupEscaping.escape(check.detail))</failure>\n"
                    out += "    </testcase>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

}
