import ArgumentParser
import PieredzeKit

// The fixed choices of the options, as PieredzeKit's enums: ArgumentParser checks the value,
// lists the values in help and offers them to shell completion (the raw values are the words).

extension NoteKind: ExpressibleByArgument {}
extension NoteFormat: ExpressibleByArgument {}
extension TextEncoding: ExpressibleByArgument {}
extension CSVDelimiter: ExpressibleByArgument {}
extension NoteDumpFormat: ExpressibleByArgument {}
extension NoteOutput.Format: ExpressibleByArgument {}
extension SearchOutput.Format: ExpressibleByArgument {}
extension ReportFormat: ExpressibleByArgument {}
extension ReportLanguage: ExpressibleByArgument {}

/// The languages a note can be written in (`search --lang`).
enum NoteLanguageChoice: String, CaseIterable, ExpressibleByArgument {
    case lv, en, ru
}

/// `load --index-strategy`: a `NoteLoader.IndexStrategy`, or `auto` to let the loader choose
/// by the size of the load.
enum IndexStrategyChoice: String, CaseIterable, ExpressibleByArgument {
    case auto, triggers, bulk

    var strategy: NoteLoader.IndexStrategy? { NoteLoader.IndexStrategy(rawValue: rawValue) }
}
extension ListOutput.Format: ExpressibleByArgument {}
