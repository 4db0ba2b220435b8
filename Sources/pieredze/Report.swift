import ArgumentParser
import Foundation
import PieredzeKit

extension Pieredze {
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a topic report for people who will not open a terminal: Markdown, HTML, JSON or CSV.",
            discussion: """
                The report holds every lesson under the given topics (and their subtopics) that matches \
                the filters: a cover with the scope, an overview (counts per topic, country and year), \
                contents, one section per topic, an annex of sources and an index of organizations and \
                people. A lesson under several topics is listed in each; its full text is in the first.
                Lessons are ordered newest first, or by relevance with --query (same syntax as \
                `pieredze search`).

                HTML is one self-contained file (no scripts, no network) that prints on A4. Labels are \
                Latvian unless --lang en or --lang ru; note text is shown as written.

                The same database and arguments give a byte-identical report when the date is fixed \
                (--date or SOURCE_DATE_EPOCH). With -o the file is written atomically and an existing \
                file is kept unless --force. Exit status: 0 written, 1 nothing matched (or an error), 2 bad usage.
                """)

        @OptionGroup var database: DatabaseOptions

        @OptionGroup var filters: FilterOptions
        @Option(help: ArgumentHelp("Only lessons matching this search; sections are ordered by relevance.", valueName: "text"))
        var query: String?
        @Option(help: ArgumentHelp("The report's file format (default: from -o's extension, else md).", valueName: "format"))
        var format: ReportFormat?
        @Option(help: ArgumentHelp("Language of the labels: lv, en or ru.", valueName: "lang"))
        var lang: ReportLanguage = .lv
        @Option(name: [.short, .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?
        @Flag(help: "Overwrite the output file if it exists.")
        var force = false
        @Option(help: ArgumentHelp("The generation date printed on the report (default: SOURCE_DATE_EPOCH, else today).", valueName: "YYYY-MM-DD"))
        var date: String?

        func validate() throws {
            if let date, !ReportRequest.isValidDate(date) { throw ValidationError("--date must be a real day as YYYY-MM-DD, not '\(date)'") }
            if let query, query.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw ValidationError("--query is empty")
            }
            if force, output == nil { throw ValidationError("--force only applies with -o/--output") }
            if let output {
                let named = ReportFormat(fileName: output)
                if let format, let named, named != format {
                    throw ValidationError("-o \(output) names a .\(named.rawValue) file but --format is \(format.rawValue); give matching ones")
                }
                if format == nil, named == nil {
                    throw ValidationError("cannot tell the report's format from '\(output)'; give --format md, html, json or csv "
                                          + "(for a PDF, write HTML and print it from a browser)")
                }
            }
        }

        /// The format asked for, else the one -o's extension names, else Markdown.
        var effectiveFormat: ReportFormat { format ?? output.flatMap { ReportFormat(fileName: $0) } ?? .md }

        func run() throws {
            let generated: String
            do {
                generated = try ReportRequest.date(explicit: date)
            } catch let problem as ReportRequest.DateError {
                throw ValidationError(problem.description)
            }
            if let query {
                do { _ = try SearchQuery(query) } catch let problem as SearchQuery.Problem {
                    throw ValidationError("--query: \(problem.description)")
                }
            }
            if let output { try ReportOutput.check(path: output, force: force) }

            let request = ReportRequest(filter: filters.filter, query: query, language: lang,
                                        generated: generated)

            let knowledgeBase = try database.open(.read)
            let report: PieredzeKit.Report
            do {
                report = try knowledgeBase.report(request)
            } catch let error as KnowledgeBaseError {
                if case .unknownTopic = error { throw ValidationError(error.description) }
                throw error
            }
            guard !report.isEmpty else {
                var scope = filters.topic.isEmpty ? "the knowledge base" : "topic " + filters.topic.joined(separator: ", ")
                let given = [query.map { "query \"\($0)\"" }].compactMap { $0 } + filters.summary
                if !given.isEmpty { scope += " with " + given.joined(separator: ", ") }
                FileHandle.standardError.write(Data("pieredze report: no lessons match in \(scope); nothing written\n".utf8))
                throw ExitCode(1)
            }
            let renderer = effectiveFormat.renderer
            try ReportOutput.write(to: output, force: force) { stream in
                try renderer.render(report, to: &stream)
            }
            if let output {
                FileHandle.standardError.write(Data("wrote \(output): \(report.entryCount) lesson(s), \(report.sections.count) section(s)\n".utf8))
            }
        }
    }
}
