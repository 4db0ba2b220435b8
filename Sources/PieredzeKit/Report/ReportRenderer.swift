/// Writes a `Report` in one format. Renderers stream: they write piece by piece to `output`,
/// so a large report never has to exist as one string (except JSON, encoded in one go).
public protocol ReportRenderer: Sendable {
    func render<Output: TextOutputStream>(_ report: Report, to output: inout Output) throws
}

extension ReportRenderer {
    /// The whole report as one string (tests, small reports).
    public func render(_ report: Report) throws -> String {
        var text = ""
        try render(report, to: &text)
        return text
    }
}

/// The formats of `pieredze report --format`.
public enum ReportFormat: String, Sendable, CaseIterable {
    case md
    case html
    case json
    case csv

    /// The format a file name's extension names (`.md`/`.markdown`, `.html`/`.htm`, `.json`,
    /// `.csv`, any case), or nil for any other name.
    public init?(fileName: String) {
        guard let dot = fileName.lastIndex(of: "."), !fileName[dot...].contains("/") else { return nil }
        switch fileName[fileName.index(after: dot)...].lowercased() {
        case "md", "markdown": self = .md
        case "html", "htm": self = .html
        case "json": self = .json
        case "csv": self = .csv
        default: return nil
        }
    }

    public var renderer: any ReportRenderer {
        switch self {
        case .md: return MarkdownReportRenderer()
        case .html: return HTMLReportRenderer()
        case .json: return JSONReportRenderer()
        case .csv: return CSVReportRenderer()
        }
    }

    public var fileExtension: String { rawValue }
}
