import Foundation
import Testing

/// `pieredze thesaurus`, run as a user would.
@Suite("pieredze thesaurus", .serialized)
struct ThesaurusCLITests {
    let scratch: ScratchDirectory
    var directory: URL { scratch.url }
    var db: String { scratch.db }

    init() throws {
        scratch = try ScratchDirectory("pieredze-thesaurus")
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> CLITests.Result {
        var environment = ProcessInfo.processInfo.environment
        environment["PIEREDZE_DB"] = db
        return try CLITests.spawn(CLITests.binary, arguments, in: directory, environment: environment)
    }

    @Test("add a concept, then list it by an inflected term; the starter set is there from init")
    func addThenList() throws {
        #expect(try run(["init"]).status == 0)
        let starter = try run(["thesaurus", "list", "LPS"])
        #expect(starter.status == 0)
        #expect(starter.stdout.hasPrefix("Latvijas Pašvaldību savienība [lv]\n  lv: LPS (acronym)\n"))

        let added = try run(["thesaurus", "add", "pilsoniskā sabiedrība", "--en", "civil society", "--ru", "гражданское общество"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout == "1 concept added, 0 extended, 3 terms added\n")
        let listed = try run(["thesaurus", "list", "pilsoniskās sabiedrības"])
        #expect(listed.stdout == "pilsoniskā sabiedrība [lv]\n  en: civil society\n  ru: гражданское общество\n")
        #expect(try run(["thesaurus", "list"]).stdout.contains("pilsoniskā sabiedrība [lv]\n"))

        let clash = try run(["thesaurus", "add", "ES", "--lv", "pilsoniskā sabiedrība"])
        #expect(clash.status == 1)
        #expect(clash.stderr.contains("the terms belong to different concepts already"))
        #expect(try run(["thesaurus", "add", "bez alternatīvām"]).status == 2)

        let removed = try run(["thesaurus", "remove", "--concept", "civil society"])
        #expect(removed.stdout == "removed the concept 'pilsoniskā sabiedrība' and its 3 terms\n")
        #expect(try run(["thesaurus", "list", "pilsoniskā sabiedrība"]).status == 1)
    }

    @Test("import reports file:line problems and writes nothing; export reads back")
    func importAndExport() throws {
        #expect(try run(["init"]).status == 0)
        let bad = directory.appendingPathComponent("bad.yaml")
        try Data("- preferred: apkaime\n  language: lt\n  en: [neighbourhood]\n".utf8).write(to: bad)
        let refused = try run(["thesaurus", "import", bad.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("bad.yaml:2: language: unknown language 'lt'; expected lv, en or ru"))
        #expect(refused.stderr.contains("nothing was written to the thesaurus"))

        let before = try run(["thesaurus", "export"]).stdout
        let exported = try run(["thesaurus", "export", "--format", "csv", "--output", directory.appendingPathComponent("all.csv").path])
        #expect(exported.status == 0)
        let again = try run(["thesaurus", "import", "--replace", directory.appendingPathComponent("all.csv").path])
        #expect(again.status == 0)
        #expect(try run(["thesaurus", "export"]).stdout == before)
        #expect(try run(["thesaurus", "list", "hromadu"]).stdout.hasPrefix("hromada [lv]\n"))
    }
}
