/// Plain-text output of the history commands (`history`, `history --diff`, `deleted`, `loads`):
/// aligned columns, every value from a note or a file name with its control characters made
/// visible (`VisibleText`), and a last line saying what to do next.
public enum HistoryOutput {
    /// `pieredze history ID`: one line a version (number, when, which command, what changed).
    public static func history(_ history: NoteHistory) -> String {
        let id = visible(history.id)
        var text = id + (history.title.map { " — " + visible($0) } ?? "") + (history.isDeleted ? " (deleted)" : "") + "\n"
        let rows = history.versions.map { version -> [String] in
            [String(version.number), version.entry?.shortTime ?? "before history", version.entry.map(by) ?? "",
             whatChanged(version)]
        }
        text += columns([["version", "when (UTC)", "by", "what changed"]] + rows)
        let versions = history.versions
        if history.isDeleted, versions.count >= 2 {
            text += "deleted: `pieredze restore \(id)` brings back version \(versions[versions.count - 2].number)"
                + " (or `--version N` another one)\n"
        } else if let first = versions.first, versions.count >= 2 {
            text += "`pieredze history \(id) --diff N` shows what changed after version N (\(first.number)–\(versions[versions.count - 2].number));"
                + " `pieredze restore \(id) --version N` brings version N back\n"
        }
        return text
    }

    /// `pieredze history ID --diff N`: the fields that differ between two versions, each as
    /// removed (`-`) and added (`+`) lines with unchanged lines around them.
    public static func diff(id: String, from: NoteVersion, to: NoteVersion, fields: [NoteFieldDiff]) -> String {
        func name(_ version: NoteVersion) -> String {
            "version \(version.number)" + (version.entry.map { " (\($0.name), \($0.shortTime))" } ?? " (before history)")
                + (version.note == nil ? ", deleted" : "")
        }
        var text = "\(visible(id)): \(name(from)) → \(name(to))\n"
        if fields.isEmpty { return text + "no field differs\n" }
        for field in fields {
            text += "\(field.field.key):\n"
            for line in field.lines {
                switch line {
                case .same(let value): text += "    \(visible(value))\n"
                case .removed(let value): text += "  - \(visible(value))\n"
                case .added(let value): text += "  + \(visible(value))\n"
                case .skipped(let count): text += "    … \(count) unchanged line\(count == 1 ? "" : "s")\n"
                }
            }
        }
        return text
    }

    /// `pieredze deleted`: id, title, when and by what each deleted note was deleted.
    public static func deleted(_ notes: [DeletedNote]) -> String {
        guard !notes.isEmpty else { return "no deleted notes\n" }
        let rows = notes.map { [visible($0.id), visible($0.title), $0.deletedBy.shortTime, $0.deletedBy.name] }
        return columns([["id", "title", "deleted (UTC)", "by"]] + rows)
            + "`pieredze restore ID` brings a note back as it was deleted; `pieredze history ID` lists its versions\n"
    }

    /// `pieredze loads`: the journal, newest first, with what each command did.
    public static func journal(_ entries: [JournalEntry], total: Int) -> String {
        guard !entries.isEmpty else { return "the journal is empty: no load or other change yet\n" }
        let rows = entries.map { entry -> [String] in
            ["#\(entry.number)", entry.shortTime, entry.command, counts(entry), about(entry)]
        }
        var text = columns([["entry", "when (UTC)", "command", "notes", "given"]] + rows)
        if total > entries.count { text += "… \(total - entries.count) earlier entries (`--limit 0` shows every one)\n" }
        text += "`pieredze revert-load N` puts back every note entry N changed\n"
        return text
    }

    /// `3 new, 2 updated, 11 unchanged`: the counts that are not zero (`no change` when none is).
    public static func counts(_ entry: JournalEntry) -> String {
        let parts = [(entry.inserted, "new"), (entry.updated, "updated"), (entry.deleted, "deleted"), (entry.unchanged, "unchanged")]
            .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
        return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
    }

    /// What the command was given: a load's files, else its detail.
    private static func about(_ entry: JournalEntry) -> String {
        let files = entry.files.prefix(3).map(visible).joined(separator: " ") + (entry.files.count > 3 ? " … (\(entry.files.count) in all)" : "")
        return files.isEmpty ? visible(entry.detail) : files
    }

    private static func by(_ entry: JournalEntry) -> String {
        let about = about(entry)
        return entry.name + (about.isEmpty || entry.command == "delete" ? "" : " (\(about))")
    }

    private static func whatChanged(_ version: NoteVersion) -> String {
        switch version.change {
        case .beforeHistory: return "as it was before history began"
        case .deleted: return "deleted"
        case .inserted:
            return ["restore", "revert-load"].contains(version.entry?.command ?? "") ? "restored" : "new note"
        case .updated:
            return version.changedFields.isEmpty ? "no field" : version.changedFields.map(\.key).joined(separator: ", ")
        }
    }

    private static func visible(_ text: String) -> String {
        VisibleText.escaping(text, lines: .flatten)
    }

    /// `rows` as left-aligned columns two spaces apart (the last column not padded).
    static func columns(_ rows: [[String]]) -> String {
        let count = rows.map(\.count).max() ?? 0
        let widths = (0..<count).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            var line = row.enumerated().map { column, value in
                column == row.count - 1 ? value : value + String(repeating: " ", count: widths[column] - value.count)
            }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }  // an empty last column
            return line
        }.joined(separator: "\n") + "\n"
    }
}
