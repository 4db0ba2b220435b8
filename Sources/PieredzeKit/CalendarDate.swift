/// Gregorian calendar arithmetic for validating dates written as text.
public enum CalendarDate {
    /// True for a Gregorian leap year: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` (1–12) in `year`; nil for a month outside 1–12.
    public static func daysIn(month: Int, year: Int) -> Int? {
        guard (1...12).contains(month) else { return nil }
        return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    /// True when `day` of `month` exists in `year`.
    public static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard let days = daysIn(month: month, year: year) else { return false }
        return (1...days).contains(day)
    }
}
