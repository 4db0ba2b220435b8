/// One note as text to read in a terminal, in the author's order: title, id, facts (kind,
/// country, date, status), topics by name, tags, organizations, people, then summary,
/// context, lesson, recommendations and body, each under its label, and the source with its
/// date and URL. Labels come from `ReportLabels` (Latvian, English or Russian); no trailing
/// newline.
///
/// Every value from the note passes through `VisibleText` (one-line values with TAB and line
/// breaks shown too, text fields keeping them), so no control character reaches the terminal.
/// With a width (`TerminalStyle.width`, on a terminal) long lines wrap at word boundaries.
public enum TerminalNote {
    /// - Parameters:
    ///   - topicNames: a topic's display name by slug (the note shows the slug for one missing).
    public static func render(_ note: Note, style: TerminalStyle, language: ReportLanguage = .lv,
                              topicNames: [String: String] = [:]) -> String {
        let labels = ReportLabels.labels(for: language)
        func line(_ text: String) -> String { VisibleText.escaping(text, lines: .flatten) }
        func text(_ text: String) -> String { VisibleText.escaping(text) }
        func labelled(_ label: String, _ value: String) -> String {
            style.wrap(label + ": " + value, indent: "")
        }
        var lines: [String] = [style.bold(style.wrap(line(note.title))), style.dim(line(note.id))]
        var facts = [labels.kindName(note.kind)]
        if let country = note.country { facts.append(line(labels.countryName(country))) }
        if let occurred = note.occurred { facts.append(line(occurred)) }
        facts.append(labels.statusName(note.status))
        lines.append(style.wrap(facts.joined(separator: " · ")))
        if !note.topics.isEmpty {
            let names = note.topics.map { slug in topicNames[slug].map { "\($0) (\(slug))" } ?? slug }
            lines.append(labelled(labels.topics, line(names.joined(separator: ", "))))
        }
        if !note.tags.isEmpty { lines.append(labelled(labels.tags, line(note.tags.joined(separator: ", ")))) }
        if !note.organizations.isEmpty {
            let organizations = note.organizations.map { organization in
                organization.country.map { "\(organization.name) (\($0))" } ?? organization.name
            }
            lines.append(labelled(labels.organizations, line(organizations.joined(separator: "; "))))
        }
        if !note.people.isEmpty {
            let people = note.people.map { person in
                [person.name, [person.role, person.organization].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")]
                    .filter { !$0.isEmpty }.joined(separator: " — ")
            }
            lines.append(labelled(labels.people, line(people.joined(separator: "; "))))
        }
        for (label, value) in [(labels.summary, note.summary), (labels.context, note.context), (labels.lesson, note.lesson),
                               (labels.recommendation, note.recommendation), (labels.body, note.body)] where !value.isEmpty {
            lines += ["", style.bold(label), style.wrap(text(value))]
        }
        if let source = note.source {
            let parts = [source.title, source.publisher, source.date, source.url].compactMap { $0 }.filter { !$0.isEmpty }
            if !parts.isEmpty { lines += ["", labelled(labels.source, line(parts.joined(separator: ", ")))] }
        }
        return lines.joined(separator: "\n")
    }
}
