-- Concepts added to the starter thesaurus (seeds/thesaurus.yaml) after a database was made:
-- migration 0004 copied the set of its day, so a database made before gets the concepts none of
-- whose terms it has (a new user's trial: `реформа` alone found nothing, the set had no single
-- word "reform" in any language). A concept the users already hold under any of its terms is
-- theirs to keep as they edited it. A new database gets the whole set from 0004 and nothing here.
CREATE TEMP TABLE starter_additions AS
SELECT concept.key AS position, concept.value AS concept,
       (SELECT coalesce(max(id), 0) FROM thesaurus_concepts) AS base
FROM json_each(pieredze_starter_thesaurus()) AS concept
WHERE NOT EXISTS (
    SELECT 1 FROM json_each(concept.value, '$.terms') AS term
    JOIN thesaurus_terms AS held ON held.lookup_key = json_extract(term.value, '$.key'));

INSERT INTO thesaurus_concepts (id, note)
SELECT base + position + 1, json_extract(concept, '$.note') FROM starter_additions;

INSERT INTO thesaurus_terms (concept_id, text, language, is_preferred, is_acronym, lookup_key)
SELECT base + position + 1,
       json_extract(term.value, '$.text'), json_extract(term.value, '$.language'),
       json_extract(term.value, '$.preferred'), json_extract(term.value, '$.acronym'),
       json_extract(term.value, '$.key')
FROM starter_additions, json_each(concept, '$.terms') AS term;

DROP TABLE starter_additions;
