import PieredzeStorage

extension Report {
    /// The report's query path: `SearchEngine` (the syntax and ranking of `pieredze search`,
    /// including its fall-back to any word when no note has all of them), every hit, as primary
    /// keys in rank order.
    public static func engineSearch(connection: Connection) -> ReportSearch {
        { query, filter in
            // The same thesaurus expansion as `pieredze search`.
            let expansion = try ThesaurusStore(connection: connection).load()
            let found = try SearchEngine(connection: connection).rankedKeys(SearchQuery(query, expansion: expansion), filter: filter)
            return (found.pks, found.anyWord)
        }
    }
}
