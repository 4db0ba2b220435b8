/// Where a query's words get their alternatives: the thesaurus (preferred and alternative
/// terms, acronyms), later perhaps more. `SearchQuery` asks one expansion for every run of
/// plain words; the morphology of a single word (verb ↔ verbal noun and such) is not here but
/// in `LatvianText`, applied by the tokenizer.
public protocol QueryExpansion: Sendable {
    /// The concepts named by runs of `words`.
    ///
    /// - Parameter words: the plain words of one run of a query, as typed (not quoted phrases,
    ///   not prefixes, not excluded words), in order.
    /// - Returns: matches whose `range`s index `words`, do not overlap, in order of position;
    ///   where two could start at the same word, the longer wins.
    func matches(in words: [String]) -> [QueryExpansionMatch]
}

/// One run of query words that names a concept, and the other terms of that concept.
public struct QueryExpansionMatch: Sendable, Equatable {
    /// Indices into the words given to `QueryExpansion.matches(in:)`.
    public var range: Range<Int>
    /// The concept's other terms, each searched as a phrase (a term of several words must
    /// match them in order); the words as typed are kept as well, by the caller.
    public var alternatives: [String]

    public init(range: Range<Int>, alternatives: [String]) {
        self.range = range
        self.alternatives = alternatives
    }
}

/// No alternatives: a search with the thesaurus switched off.
public struct NoQueryExpansion: QueryExpansion {
    public init() {}
    public func matches(in words: [String]) -> [QueryExpansionMatch] { [] }
}
