import PieredzeKit

/// Writes `text` to standard output, checking the write: a full disk or a closed file throws
/// `ReportOutput.Failure.cannotWrite` ("cannot write standard output: …", exit 1) instead of
/// being lost. A reader that went away (EPIPE, `| head`) is not an error.
func writeStandardOutput(_ text: String) throws {
    try ReportOutput.write(to: nil, force: false) { stream in stream.write(text) }
}
