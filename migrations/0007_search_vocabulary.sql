-- The index's vocabulary with each term's number of notes, for spelling suggestions
-- (SpellingSuggester): fts5vocab counts a term's notes by reading its whole posting list, so
-- scanning terms through it costs as much as reading that part of the index (0.1–0.7 s a
-- suggestion at 100,000 notes). This snapshot is read by range instead. `pieredze load`
-- refreshes it at the end of every load that changed a note; terms added by other writes are
-- found by the live index until then (see SpellingVocabularySnapshot).
CREATE TABLE search_vocabulary (
    term TEXT PRIMARY KEY NOT NULL,
    documents INTEGER NOT NULL
) WITHOUT ROWID;

CREATE VIRTUAL TABLE temp.search_vocabulary_source USING fts5vocab(main, notes_fts, row);
INSERT INTO search_vocabulary (term, documents) SELECT term, doc FROM temp.search_vocabulary_source;
DROP TABLE temp.search_vocabulary_source;

-- One row: how many notes loads have changed (new or updated) since the snapshot was written.
CREATE TABLE search_vocabulary_pending (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    notes_changed INTEGER NOT NULL CHECK (notes_changed >= 0)
);
INSERT INTO search_vocabulary_pending (id, notes_changed) VALUES (1, 0);
