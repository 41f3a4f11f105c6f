import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A JUnit XML report parsed with Foundation's XML parser (which rejects ill-formed XML):
/// the counts the root and each suite declare, and the test cases actually there.
final class JUnitStructure: NSObject, XMLParserDelegate {
    struct Suite {
        var name: String
        var declaredTests: Int
        var declaredFailures: Int
        var cases: [(name: String, failure: String?)] = []
    }

    var declaredTests = -1
    var declaredFailures = -1
    var suites: [Suite] = []
    var inFailure = false

    /// Parses `data`; nil when it is not well-formed XML.
    static func parse(_ data: Data) -> JUnitStructure? {
        let structure = JUnitStructure()
        let parser = XMLParser(data: data)
        parser.delegate = structure
        return parser.parse() ? structure : nil
    }

    func parser(_ parser: XMLParser, didStartElement element: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        switch element {
        case "testsuites":
            declaredTests = Int(attributes["tests"] ?? "") ?? -1
            declaredFailures = Int(attributes["failures"] ?? "") ?? -1
        case "testsuite":
            suites.append(Suite(name: attributes["name"] ?? "", declaredTests: Int(attributes["tests"] ?? "") ?? -1,
                                declaredFailures: Int(attributes["failures"] ?? "") ?? -1))
        case "testcase":
            suites[suites.count - 1].cases.append((attributes["name"] ?? "", nil))
        case "failure":
            let last = suites.count - 1
            suites[last].cases[suites[last].cases.count - 1].failure = attributes["message"] ?? ""
        default: break
        }
    }

    /// Total test cases present.
    var cases: Int { suites.reduce(0) { $0 + $1.cases.count } }
    /// Total failures present.
    var failures: Int { suites.reduce(0) { $0 + $1.cases.filter { $0.failure != nil }.count } }
}
