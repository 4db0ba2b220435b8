/// The users' thesaurus (concepts with preferred and alternative terms) of this knowledge base.
extension KnowledgeBase {
    /// List, add, remove, import and export thesaurus terms; see `ThesaurusStore`.
    public var thesaurus: ThesaurusStore { ThesaurusStore(connection: connection) }
}
