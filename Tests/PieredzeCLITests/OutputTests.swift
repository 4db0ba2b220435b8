import Foundation
import PieredzeKit
import Testing

/// PieredzeKit's output renderers, which the command line prints and a server would serve.
@Suite("output renderers")
struct OutputTests {
    static var richNote: Note {
        var note = Note(id: "lps-kps-2018", title: "Sadarbības līgums / Biškeka")
        note.summary = "Līgums \"parakstīts\"\nBiškekā."
        note.lesson = "Mācība ar \\ un ā."
        note.kind = .goodPractice
        note.country = "KG"
        note.occurred = "2018-08-20"
        note.topics = ["sadarbibas-ligumi", "administrativi-teritoriala-reforma"]
        note.tags = ["līgums"]
        note.organizations = [Organization(name: "LPS", country: "LV"), Organization(name: "KPS", kind: "asociācija")]
        note.people = [Person(name: "Gints Kaminskis", role: "priekšsēdis"), Person(name: "N. N.", organization: "KPS")]
        note.source = Source(title: "Ziņa", url: "https://lps.lv/a/b?c=1", date: "2018-08-21")
        note.status = .reviewed
        return note
    }

    @Test("a note's JSON has the loader's keys and the bytes JSONSerialization gave before", arguments: [
        richNote, Note(id: "tukss", title: "Tukšs"),
    ])
    func noteJSON(note: Note) throws {
        let rendered = try NoteOutput.render(note, format: .json, style: TerminalStyle(enabled: false))
        let before = try JSONSerialization.data(withJSONObject: NoteExporter.jsonObject(note),
                                                options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])
        #expect(rendered == String(decoding: before, as: UTF8.self) + "\n")
    }

    @Test("a note as text: plain when the style is off, bold headings when on")
    func noteText() throws {
        let plain = try NoteOutput.render(Self.richNote, format: .text, style: TerminalStyle(enabled: false))
        #expect(plain.hasPrefix("Sadarbības līgums / Biškeka\nlps-kps-2018\nlaba prakse · "))
        #expect(plain.contains("\n\nMācība\nMācība ar"))
        #expect(!plain.contains("\u{1B}["))
        let styled = try NoteOutput.render(Self.richNote, format: .text, style: TerminalStyle(enabled: true))
        #expect(styled.hasPrefix("\u{1B}[1mSadarbības līgums / Biškeka\u{1B}[0m\n"))
    }
}
