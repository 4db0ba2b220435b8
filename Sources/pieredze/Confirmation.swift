import ArgumentParser
import Foundation
import PieredzeKit

/// Asking before a command changes many notes at once (`delete`, `revert-load`): on a terminal
/// the user answers y/N (Latvian `j`/`jā` too); without one `--yes` is required, so a script
/// never deletes by accident.
enum Confirmation {
    /// Throws a usage error (exit 2) when standard input is no terminal and `yes` is false.
    static func requireAnswerable(yes: Bool, what: String) throws {
        guard yes || isatty(STDIN_FILENO) == 1 else {
            throw ValidationError("\(what) asks first, and standard input is not a terminal to answer on; add --yes to go ahead without asking")
        }
    }

    /// Asks `question` on standard error; true for yes. Not asked (true) when `yes` is given.
    static func ask(_ question: String, yes: Bool) -> Bool {
        if yes { return true }
        FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        return ["y", "yes", "j", "jā", "ja"].contains(answer)
    }
}
