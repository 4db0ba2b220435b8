import ArgumentParser
import PieredzeKit

/// The note filters `search`, `report` and `list` share, validated once and turned into a
/// `NoteStore.Filter`.
struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Only notes under this topic or its subtopics; repeat for several. A slug or the topic's name (\"Mācību vizītes\"); see `pieredze topics`.", valueName: "slug"))
    var topic: [String] = []
    @Option(help: ArgumentHelp("Only notes about this country (ISO code or name).", valueName: "cc"))
    var country: String?
    @Option(help: ArgumentHelp("Only notes from this year.", valueName: "year"))
    var year: Int?
    @Option(help: ArgumentHelp("Only notes from this year on.", valueName: "year"))
    var from: Int?
    @Option(help: ArgumentHelp("Only notes up to this year.", valueName: "year"))
    var to: Int?
    @Option(help: "Only notes with this tag.")
    var tag: String?
    @Option(help: ArgumentHelp("Only notes naming an organization whose name contains this text.", valueName: "name"))
    var org: String?
    @Option(help: ArgumentHelp("Only notes naming a person whose name contains this text.", valueName: "name"))
    var person: String?
    @Option(help: "Only notes of this kind.")
    var kind: NoteKind?

    func validate() throws {
        if let country, Countries.find(country) == nil { throw ValidationError("unknown country '\(country)'") }
        for year in [year, from, to].compactMap({ $0 }) where !(1000...9999).contains(year) {
            throw ValidationError("a year must have four digits: \(year)")
        }
        if year != nil, from != nil || to != nil { throw ValidationError("give --year or --from/--to, not both") }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to)") }
        for slug in topic where slug.isEmpty { throw ValidationError("--topic needs a slug") }
    }

    var filter: NoteStore.Filter {
        var filter = NoteStore.Filter()
        filter.topics = topic
        filter.country = country.flatMap { Countries.find($0)?.code }
        filter.fromYear = year ?? from
        filter.toYear = year ?? to
        filter.tag = tag
        filter.organization = org
        filter.person = person
        filter.kind = kind
        return filter
    }

    /// The filters as given, for messages ("country KG, from 2018").
    var summary: [String] {
        [country.map { "country \($0)" }, year.map { "year \($0)" }, from.map { "from \($0)" }, to.map { "to \($0)" },
         tag.map { "tag \($0)" }, org.map { "organization \($0)" }, person.map { "person \($0)" },
         kind.map { "kind \($0.rawValue)" }].compactMap { $0 }
    }
}
