import Foundation
import WeightAtlas

/// `weightatlas inspect FILE [--json]`: tensors, shapes, dtypes, layouts and statistics.
enum InspectCommand {
    static let summary = "list the tensors of a weight file with shapes, dtypes, layouts and statistics"
    static let usage = "weightatlas inspect FILE [--json] [options]"
    static let examples = [
        "weightatlas inspect model.safetensors",
        "weightatlas inspect W.npy --input-shape 3x32x32 --json",
    ]

    static func run(_ words: [String]) throws -> ExitCode {
        let options = try Options(words)
        var (file, run) = try RunSetup.open(options.file, image: options.image, backend: options.backend,
                                            progress: !(options.quiet || options.json))
        let reports = try run.inspect(file)
        let path = options.file
        if options.json {
            let document = Manifest.document(model: path, format: type(of: file).formatName, backend: nil,
                                             options: options.image.render, tensors: reports)
            Terminal.out(lines: Terminal.lines(document.serialized(indent: 1)))
        } else {
            let width = options.width ?? Terminal.outputColumns
            Terminal.out(lines: table(path: path, format: type(of: file).formatName, reports: reports, width: width))
            for skipped in file.skipped {   // types the reader cannot convert
                let rest = "  \(skipped.typeLabel)  \(skipped.shape.map(String.init).joined(separator: "x"))  not read"
                let escaped = TerminalEscaping.escape(skipped.name)
                let name = width.map { Terminal.middleShortened(escaped, to: max(12, $0 - rest.count)) } ?? escaped
                Terminal.out(name + rest)
            }
        }
        return .done
    }

    /// The text table: one line per tensor. With `width`, names longer than the room the
    /// other columns leave are shortened in the middle with `…`; when even a 24-character
    /// name does not fit, the columns `std`, `mean` and `layout` are left out, in that order
    /// (the header shows which remain). Name, dtype, shape and the numbers are never cut.
    /// Names are escaped before they are measured, so a control character in one is shown
    /// as its escape and the columns still line up.
    static func table(path: String, format: String, reports: [TensorReport], width: Int? = nil) -> [String] {
        var header = ["name", "dtype", "shape", "layout", "min", "max", "mean", "std", "nan", "inf", "dead"]
        var rows = reports.map { r -> [String] in
            let s = r.stats
            return [TerminalEscaping.escape(r.info.name), r.info.dtype.rawValue, r.info.shape.map(String.init).joined(separator: "x"),
                    r.plan.kind.rawValue, number(s.finite > 0 ? Double(s.min) : nil), number(s.finite > 0 ? Double(s.max) : nil),
                    number(s.mean), number(s.std), String(s.nan), String(s.inf),
                    r.deadFilters.map { "\($0)/\(r.plan.filterCount)" } ?? "-"]
        }
        var widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        if let width {
            func others() -> Int { widths.dropFirst().reduce(0, +) + 2 * (widths.count - 1) }
            for optional in ["std", "mean", "layout"] where min(widths[0], 24) + others() > width {
                let c = header.firstIndex(of: optional)!
                for i in rows.indices { rows[i].remove(at: c) }
                header.remove(at: c)
                widths.remove(at: c)
            }
            widths[0] = min(widths[0], max(12, width - others()))
            for i in rows.indices { rows[i][0] = Terminal.middleShortened(rows[i][0], to: widths[0]) }
        }
        let numeric = Set(header.indices.filter { !["name", "dtype", "shape", "layout"].contains(header[$0]) })
        let lines = ([header] + rows).map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return numeric.contains(c) ? pad + row[c] : row[c] + pad
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return ["\(path): \(format), \(reports.count) tensors"] + lines
    }

    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "-" }
        return String(format: "%.4g", value)
    }
}
