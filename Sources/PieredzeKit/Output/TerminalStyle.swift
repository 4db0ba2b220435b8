import Foundation

/// Bold and colour (ANSI SGR escapes) on a terminal, nothing when output is piped or
/// `NO_COLOR` is set (https://no-color.org); and the width long lines wrap at on a terminal.
public struct TerminalStyle: Sendable {
    public var enabled: Bool
    /// Characters a line may hold before it wraps at a word boundary (`TextWrapping`); nil: no
    /// wrapping (output piped to a file or another program).
    public var width: Int?

    public init(enabled: Bool, width: Int? = nil) {
        self.enabled = enabled
        self.width = width
    }

    /// Enabled when standard output is a terminal and `NO_COLOR` is unset or empty. The width
    /// is set on a terminal only: `COLUMNS` when it is a number from 20 to 1000, else the
    /// terminal's own (`TIOCGWINSZ`), else 80.
    public static func forStandardOutput() -> TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        let isTerminal = isatty(STDOUT_FILENO) == 1
        return TerminalStyle(enabled: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty,
                             width: isTerminal ? terminalWidth(columns: environment["COLUMNS"]) : nil)
    }

    /// The width to wrap at: `columns` (the `COLUMNS` variable) when it is a number from 20 to
    /// 1000, else standard output's terminal width, else 80.
    public static func terminalWidth(columns: String?) -> Int {
        if let columns, let value = Int(columns.trimmingCharacters(in: .whitespaces)), (20...1000).contains(value) {
            return value
        }
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 80
    }

    public func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    public func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    public func accent(_ text: String) -> String { enabled ? "\u{1B}[1;33m\(text)\u{1B}[0m" : text }

    /// `text` wrapped at `width` (`TextWrapping.wrap`), or as it is when there is no width.
    public func wrap(_ text: String, indent: String = "") -> String {
        guard let width else { return text }
        return TextWrapping.wrap(text, width: width, indent: indent)
    }
}
