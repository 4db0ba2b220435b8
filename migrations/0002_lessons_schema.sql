-- The lesson record, its controlled vocabulary of topics, the people and organizations it
-- names, and a full-text index over its text.
--
-- A lesson follows lessons-learned practice (NASA LLIS, after-action reviews, good-practice
-- databases): what the situation was (context), what was learned (lesson), what to do next
-- time (recommendation), and where the evidence comes from (source).

-- Topics: a tree. Slugs are stable identifiers used in files and on the command line.
CREATE TABLE topics (
    id        INTEGER PRIMARY KEY,
    slug      TEXT NOT NULL UNIQUE CHECK (slug GLOB '[a-z0-9]*' AND slug NOT GLOB '*[^a-z0-9-]*'),
    name_lv   TEXT NOT NULL,
    name_en   TEXT NOT NULL,
    parent_id INTEGER REFERENCES topics (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX topics_parent ON topics (parent_id);

INSERT INTO topics (id, slug, name_lv, name_en, parent_id, position) VALUES
    (1, 'administrativi-teritoriala-reforma', 'Administratīvi teritoriālā reforma', 'Administrative-territorial reform', NULL, 1),
    (2, 'nacionalais-dialogs', 'Nacionālais dialogs', 'National dialogue', NULL, 2),
    (3, 'interesu-lobesana', 'Interešu lobēšana', 'Lobbying municipal interests', NULL, 3),
    (4, 'kapacitates-stiprinasana', 'Kapacitātes stiprināšana', 'Capacity building', NULL, 4),
    (5, 'laba-parvaldiba', 'Laba pārvaldība', 'Good governance', NULL, 5),
    (6, 'starptautiska-sadarbiba', 'Starptautiskā sadarbība', 'International cooperation', NULL, 6),
    (11, 'pasvaldibu-apvienosana', 'Pašvaldību apvienošana', 'Municipal amalgamation', 1, 1),
    (12, 'finansu-izlidzinasana', 'Finanšu izlīdzināšana', 'Fiscal equalisation', 1, 2),
    (13, 'funkciju-sadale', 'Funkciju sadale', 'Division of functions', 1, 3),
    (14, 'sabiedriska-apspriesana', 'Sabiedriskā apspriešana', 'Public consultation', 1, 4),
    (21, 'dialoga-platforma', 'Dialoga platforma', 'Dialogue platform', 2, 1),
    (31, 'lobesana-valsts-institucijas', 'Lobēšana valsts institūcijās', 'Lobbying state institutions', 3, 1),
    (32, 'lobesana-es-institucijas', 'Lobēšana Eiropas Savienības institūcijās', 'Lobbying EU institutions', 3, 2),
    (41, 'macibu-programmas', 'Mācību programmas', 'Training programmes', 4, 1),
    (61, 'macibu-vizites', 'Mācību vizītes', 'Study visits', 6, 1),
    (62, 'sadarbibas-ligumi', 'Sadarbības līgumi', 'Cooperation agreements', 6, 2),
    (63, 'attistibas-sadarbibas-projekti', 'Attīstības sadarbības projekti', 'Development cooperation projects', 6, 3);

-- Notes: `pk` is the integer key FTS5 uses as rowid (explicit, so VACUUM never renumbers it);
-- `id` is the stable slug people and files refer to.
CREATE TABLE notes (
    pk               INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE CHECK (length(id) BETWEEN 1 AND 200 AND id NOT GLOB '*[^a-z0-9._-]*'),
    title            TEXT NOT NULL CHECK (length(title) > 0),
    summary          TEXT NOT NULL DEFAULT '',
    context          TEXT NOT NULL DEFAULT '',
    lesson           TEXT NOT NULL DEFAULT '',
    recommendation   TEXT NOT NULL DEFAULT '',
    body             TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL DEFAULT 'lesson'
                     CHECK (kind IN ('lesson', 'good-practice', 'observation', 'event')),
    language         TEXT NOT NULL DEFAULT 'lv' CHECK (language IN ('lv', 'en', 'ru')),
    country          TEXT CHECK (country GLOB '[A-Z][A-Z]'),
    -- A date, a month or a year: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'; text sorts chronologically.
    occurred_on      TEXT CHECK (occurred_on GLOB '[0-9][0-9][0-9][0-9]'
                                 OR occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'
                                 OR occurred_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    occurred_year    INTEGER GENERATED ALWAYS AS (CAST(substr(occurred_on, 1, 4) AS INTEGER)) VIRTUAL,
    source_title     TEXT,
    source_url       TEXT,
    source_publisher TEXT,
    source_date      TEXT,
    status           TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'reviewed')),
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    -- SHA-256 of the note as loaded (all fields and lists): a reload with the same hash is a no-op.
    content_hash     TEXT NOT NULL
) STRICT;
CREATE INDEX notes_occurred ON notes (occurred_on);
CREATE INDEX notes_country ON notes (country, occurred_on);

CREATE TABLE note_topics (
    note_pk  INTEGER NOT NULL REFERENCES notes (pk) ON DELETE CASCADE,
    topic_id INTEGER NOT NULL REFERENCES topics (id) ON DELETE RESTRICT,
    position INTEGER NOT NULL,
    PRIMARY KEY (note_pk, topic_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_topics_topic ON note_topics (topic_id, note_pk);

CREATE TABLE note_tags (
    note_pk  INTEGER NOT NULL REFERENCES notes (pk) ON DELETE CASCADE,
    tag      TEXT NOT NULL CHECK (length(tag) > 0),
    position INTEGER NOT NULL,
    PRIMARY KEY (note_pk, tag)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_tags_tag ON note_tags (tag COLLATE NOCASE, note_pk);

CREATE TABLE organizations (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    country TEXT CHECK (country GLOB '[A-Z][A-Z]'),
    kind    TEXT
) STRICT;

CREATE TABLE note_organizations (
    note_pk         INTEGER NOT NULL REFERENCES notes (pk) ON DELETE CASCADE,
    organization_id INTEGER NOT NULL REFERENCES organizations (id) ON DELETE RESTRICT,
    position        INTEGER NOT NULL,
    PRIMARY KEY (note_pk, organization_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_organizations_organization ON note_organizations (organization_id, note_pk);

CREATE TABLE people (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    role            TEXT,
    organization_id INTEGER REFERENCES organizations (id) ON DELETE SET NULL
) STRICT;

CREATE TABLE note_people (
    note_pk   INTEGER NOT NULL REFERENCES notes (pk) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE RESTRICT,
    position  INTEGER NOT NULL,
    PRIMARY KEY (note_pk, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX note_people_person ON note_people (person_id, note_pk);

-- Full-text index over the note's text, external content (the text lives once, in notes),
-- in the spelling sqlite-utils and Datasette recognise. Kept in sync by the triggers below;
-- the loader drops and restores them around large loads and indexes the new rows in bulk.
CREATE VIRTUAL TABLE notes_fts USING fts5 (
    title, summary, context, lesson, recommendation, body,
    content="notes", content_rowid="pk",
    tokenize="unicode61 remove_diacritics 2"
);

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
