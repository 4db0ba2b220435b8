/// One note as text to read in a terminal: title, id, facts, lists, then its sections, with
/// Latvian labels; no trailing newline.
public enum TerminalNote {
    public static func render(_ note: Note, style: TerminalStyle) -> String {
        var lines: [String] = [style.bold(note.title), style.dim(note.id)]
        var facts = [note.kind.latvianName]
        if let country = note.country { facts.append(Countries.name(of: country)) }
        if let occurred = note.occurred { facts.append(occurred) }
        facts.append(note.status.rawValue)
        lines.append(facts.joined(separator: " · "))
        if !note.topics.isEmpty { lines.append("Tēmas: " + note.topics.joined(separator: ", ")) }
        if !note.tags.isEmpty { lines.append("Birkas: " + note.tags.joined(separator: ", ")) }
        if !note.organizations.isEmpty { lines.append("Organizācijas: " + note.organizations.map(\.name).joined(separator: "; ")) }
        if !note.people.isEmpty {
            lines.append("Personas: " + note.people.map { [$0.name, $0.role].compactMap { $0 }.joined(separator: " — ") }.joined(separator: "; "))
        }
        if !note.summary.isEmpty { lines += ["", note.summary] }
        if !note.body.isEmpty { lines += ["", note.body] }
        for (heading, text) in [("Konteksts", note.context), ("Mācība", note.lesson), ("Ieteikumi", note.recommendation)] where !text.isEmpty {
            lines += ["", style.bold(heading), text]
        }
        if let source = note.source {
            lines += ["", style.dim("Avots: " + [source.title, source.publisher, source.date, source.url].compactMap { $0 }.joined(separator: ", "))]
        }
        return lines.joined(separator: "\n")
    }
}
