import Foundation

/// Bold and colour (ANSI SGR escapes) on a terminal, nothing when output is piped or
/// `NO_COLOR` is set (https://no-color.org).
public struct TerminalStyle: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) {
        self.enabled = enabled
    }

    /// Enabled when standard output is a terminal and `NO_COLOR` is unset or empty.
    public static func forStandardOutput() -> TerminalStyle {
        let environment = ProcessInfo.processInfo.environment
        return TerminalStyle(enabled: isatty(STDOUT_FILENO) == 1 && (environment["NO_COLOR"] ?? "").isEmpty)
    }

    public func bold(_ text: String) -> String { enabled ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    public func dim(_ text: String) -> String { enabled ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
    public func accent(_ text: String) -> String { enabled ? "\u{1B}[1;33m\(text)\u{1B}[0m" : text }
}
