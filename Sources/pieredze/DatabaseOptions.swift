import ArgumentParser
import PieredzeKit

/// The `--db` option every command that touches the knowledge base shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "The database file.",
        discussion: "Default: $PIEREDZE_DB, else $XDG_DATA_HOME/pieredze/pieredze.db (~/.local/share/pieredze/pieredze.db).",
        valueName: "path"))
    var db: String?

    var path: String { db ?? KnowledgeBase.defaultPath() }

    func open(_ access: KnowledgeBase.Access) throws -> KnowledgeBase {
        try KnowledgeBase(path: path, access: access)
    }
}
