-- The thesaurus the users own: concepts, each named by one preferred term and any number of
-- alternative terms (Latvian, English, Russian; acronyms; terms of several words). A search
-- for one term of a concept also finds the others (PieredzeKit's `Thesaurus`).
--
-- `lookup_key` is computed by Pieredze, not SQL: the term's words folded and stemmed as the
-- index sees them ("hromādas" → "hromad"), or, for an acronym, the term as written with its
-- capitals and without diacritics ("ĀM" → "AM"), so `ES` never meets the pronoun `es`. One key
-- names one term of one concept.
CREATE TABLE thesaurus_concepts (
    id   INTEGER PRIMARY KEY,
    -- What the concept is, for people editing the thesaurus (a scope note); not searched.
    note TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE thesaurus_terms (
    id           INTEGER PRIMARY KEY,
    concept_id   INTEGER NOT NULL REFERENCES thesaurus_concepts (id) ON DELETE CASCADE,
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 200),
    language     TEXT NOT NULL CHECK (language IN ('lv', 'en', 'ru')),
    is_preferred INTEGER NOT NULL DEFAULT 0 CHECK (is_preferred IN (0, 1)),
    is_acronym   INTEGER NOT NULL DEFAULT 0 CHECK (is_acronym IN (0, 1)),
    lookup_key   TEXT NOT NULL UNIQUE CHECK (length(lookup_key) > 0)
) STRICT;
CREATE INDEX thesaurus_terms_concept ON thesaurus_terms (concept_id);
-- At most one preferred term per concept (Pieredze keeps exactly one).
CREATE UNIQUE INDEX thesaurus_terms_preferred ON thesaurus_terms (concept_id) WHERE is_preferred = 1;

-- The starter set (seeds/thesaurus.yaml, compiled into the binary): pieredze_starter_thesaurus()
-- is registered on every Pieredze connection and returns it as JSON with the lookup keys
-- computed, [{"note": …, "terms": [{"text", "language", "preferred", "acronym", "key"}, …]}, …].
INSERT INTO thesaurus_concepts (id, note)
SELECT concept.key + 1, json_extract(concept.value, '$.note')
FROM json_each(pieredze_starter_thesaurus()) AS concept;

INSERT INTO thesaurus_terms (concept_id, text, language, is_preferred, is_acronym, lookup_key)
SELECT concept.key + 1,
       json_extract(term.value, '$.text'), json_extract(term.value, '$.language'),
       json_extract(term.value, '$.preferred'), json_extract(term.value, '$.acronym'),
       json_extract(term.value, '$.key')
FROM json_each(pieredze_starter_thesaurus()) AS concept, json_each(concept.value, '$.terms') AS term
ORDER BY concept.key, term.key;
