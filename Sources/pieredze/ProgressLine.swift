import Foundation
import PieredzeKit

/// A one-line progress display on standard error, shown only on a terminal and only once a
/// load has run for a second.
final class ProgressLine {
    private let enabled = isatty(STDERR_FILENO) == 1
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    func update(_ progress: NoteLoader.Progress) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(started) >= 1, progress.indexing || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        let rate = Double(progress.notes) / now.timeIntervalSince(started)
        var line = "\(progress.notes) notes (\(Int(rate))/s)"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytesRead) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            line = "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
                + "\(Int(fraction * 100))%  " + line
        }
        if progress.indexing { line += "; building the full-text index…" }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        drawn = true
    }

    func clear() {
        guard drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
        drawn = false
    }
}
