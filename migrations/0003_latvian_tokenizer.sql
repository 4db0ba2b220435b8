-- Moves the full-text index to the Latvian tokenizer (unicode61 folding + Latvian stemming,
-- registered by Pieredze on every connection it opens), sets bm25 column weights, and rebuilds.
--
-- After this migration the plain `sqlite3` shell can read `notes` but not query `notes_fts`
-- (it lacks the tokenizer): use `pieredze search` and `pieredze check`.
DROP TRIGGER notes_ai;
DROP TRIGGER notes_ad;
DROP TRIGGER notes_au;
DROP TABLE notes_fts;

CREATE VIRTUAL TABLE notes_fts USING fts5 (
    title, summary, context, lesson, recommendation, body,
    content="notes", content_rowid="pk",
    tokenize="latvian"
);

-- bm25 weights by column: title highest, then summary and lesson, then context and
-- recommendation, then the free body. Set as the table's default rank so that
-- `ORDER BY rank` (which FTS5 serves without sorting every match) uses them.
INSERT INTO notes_fts (notes_fts, rank) VALUES ('rank', 'bm25(10.0, 5.0, 2.0, 5.0, 2.0, 1.0)');

CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, title, summary, context, lesson, recommendation, body)
    VALUES (new.pk, new.title, new.summary, new.context, new.lesson, new.recommendation, new.body);
END;

CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, summary, context, lesson, recommendation, body)
    VALUES ('delete', old.pk, old.title, old.summary, old.context, old.lesson, old.recommendation, old.body);
END;

CREATE TRIGGER notes_au AFTER UPDATE OF title, summary, context, lesson, recommendation, body ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, title, summary, context, lesson, recommendation, body)
    VALUES ('delete', old.pk, old.title, old.summary, old.context, old.lesson, old.recommendation, old.body);
    INSERT INTO notes_fts (rowid, title, summary, context, lesson, recommendation, body)
    VALUES (new.pk, new.title, new.summary, new.context, new.lesson, new.recommendation, new.body);
END;

INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
