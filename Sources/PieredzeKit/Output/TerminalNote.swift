/// One note as text to read in a terminal: title, id, facts, lists, then its sections, with
/// Latvian labels; no trailing newline. Control characters in the note are shown visibly
/// (`VisibleText`): one-line values with TAB and line breaks too, text fields keeping them.
public enum TerminalNote {
    public static func render(_ note: Note, style: TerminalStyle) -> String {
        func line(_ text: String) -> String { VisibleText.escaping(text, lines: .flatten) }
        func text(_ text: String) -> String { VisibleText.escaping(text) }
        var lines: [String] = [style.bold(line(note.title)), style.dim(line(note.id))]
        var facts = [note.kind.latvianName]
        if let country = note.country { facts.append(Countries.name(of: country)) }
        if let occurred = note.occurred { facts.append(occurred) }
        facts.append(note.status.rawValue)
        lines.append(line(facts.joined(separator: " · ")))
        if !note.topics.isEmpty { lines.append("Tēmas: " + line(note.topics.joined(separator: ", "))) }
        if !note.tags.isEmpty { lines.append("Birkas: " + line(note.tags.joined(separator: ", "))) }
        if !note.organizations.isEmpty { lines.append("Organizācijas: " + line(note.organizations.map(\.name).joined(separator: "; "))) }
        if !note.people.isEmpty {
            lines.append("Personas: " + line(note.people.map { [$0.name, $0.role].compactMap { $0 }.joined(separator: " — ") }.joined(separator: "; ")))
        }
        if !note.summary.isEmpty { lines += ["", text(note.summary)] }
        if !note.body.isEmpty { lines += ["", text(note.body)] }
        for (heading, value) in [("Konteksts", note.context), ("Mācība", note.lesson), ("Ieteikumi", note.recommendation)] where !value.isEmpty {
            lines += ["", style.bold(heading), text(value)]
        }
        if let source = note.source {
            lines += ["", style.dim(line("Avots: " + [source.title, source.publisher, source.date, source.url].compactMap { $0 }.joined(separator: ", ")))]
        }
        return lines.joined(separator: "\n")
    }
}
