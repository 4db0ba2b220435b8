import Foundation

/// What a report covers and how it is labelled: the filters and query as the user gave them.
public struct ReportRequest: Sendable, Equatable {
    public var filter: NoteStore.Filter
    /// Search text (the syntax of `pieredze search`); nil or blank for none. With a query the
    /// report holds only matching notes and orders each section by relevance.
    public var query: String?
    public var language: ReportLanguage
    /// The generation date printed on the report, `YYYY-MM-DD` (see `ReportRequest.date`).
    public var generated: String

    public init(filter: NoteStore.Filter = NoteStore.Filter(), query: String? = nil,
                language: ReportLanguage = .lv, generated: String) {
        self.filter = filter
        self.query = query
        self.language = language
        self.generated = generated
    }

    /// The query, trimmed; nil when blank.
    public var effectiveQuery: String? {
        guard let trimmed = query?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        return trimmed
    }

    public enum DateError: Error, CustomStringConvertible, Equatable {
        case invalidDate(String)
        case invalidSourceDateEpoch(String)

        public var description: String {
            switch self {
            case .invalidDate(let text): return "invalid date '\(text)': expected YYYY-MM-DD"
            case .invalidSourceDateEpoch(let text): return "invalid SOURCE_DATE_EPOCH '\(text)': expected seconds since 1970"
            }
        }
    }

    /// The generation date: `explicit` (`--date`, validated), else `SOURCE_DATE_EPOCH` (UTC),
    /// else today in the local time zone.
    public static func date(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            now: Date = Date()) throws -> String {
        if let explicit {
            guard isValidDate(explicit) else { throw DateError.invalidDate(explicit) }
            return explicit
        }
        if let epoch = environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch.trimmingCharacters(in: .whitespaces)) else {
                throw DateError.invalidSourceDateEpoch(epoch)
            }
            return format(Date(timeIntervalSince1970: TimeInterval(seconds)), timeZone: TimeZone(identifier: "UTC")!)
        }
        return format(now, timeZone: .current)
    }

    /// `YYYY-MM-DD` naming a real calendar day.
    public static func isValidDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else { return false }
        return CalendarDate.isValid(year: year, month: month, day: day)
    }

    private static func format(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        let year = parts.year ?? 1970, month = parts.month ?? 1, day = parts.day ?? 1
        return String(format: "%04d-%02d-%02d", year, month, day)
    }
}
