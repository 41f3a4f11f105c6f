import Testing
@testable import WeightAtlas
@testable import WeightAtlasEncode

/// Checks are one enumeration: zoo.json, JUnit and `--checks` spell them by raw value, and a
/// name zoo.json does not know is not a result.
@Suite struct CheckTests {
    @Test func everyCheckRoundTripsThroughZooJSON() throws {
        for check in Check.allCases {
            let result = CheckResult(check: check, tensor: "w", passed: false, detail: "d")
            guard case .string(let name)? = result.json["check"] else { Issue.record("no check in \(result.json)"); continue }
            #expect(name == check.rawValue && "\(check)" == check.rawValue)
            #expect(CheckResult(json: result.json) == result)
        }
        #expect(Check.loraTargets.rawValue == "lora-targets")
    }

    @Test func anUnknownCheckNameIsNotAResult() throws {
        let json = JSONValue.object([("check", .string("nan ")), ("tensor", .null), ("passed", .bool(true)), ("detail", .string(""))])
        #expect(CheckResult(json: json) == nil)
    }

    @Test func aChecksFileNamesOnlyConfigurableChecks() throws {
        let config = try CheckConfig.parse(Array(#"{"checks": ["nan", "lora-targets"]}"#.utf8), file: "c.json")
        #expect(config.enabled == [.nan, .loraTargets])
        // `read` is an outcome a zoo records, not a check a file can ask for.
        #expect(throws: ZooError.self) { try CheckConfig.parse(Array(#"{"checks": ["read"]}"#.utf8), file: "c.json") }
        let error = try #require(throws: ZooError.self) { try CheckConfig.parse(Array(#"{"checks": ["nan", "NaN"]}"#.utf8), file: "c.json") }
        #expect("\(error)".contains("unknown check 'NaN' (known: nan, inf, dead, exploded, drift, lora-targets, noisy)"))
    }
}
