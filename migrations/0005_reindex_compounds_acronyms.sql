-- The latvian tokenizer now indexes more than 0003 did: a compound's base word beside the
-- compound (pretkorupcijas → korupcij), soft hyphens and zero-width characters removed,
-- Cyrillic words stemmed, and acronyms as written kept unstemmed (VARAM apart from "varam").
-- An index built by an older Pieredze lacks those tokens: rebuild it from `notes`.
INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
