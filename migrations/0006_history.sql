-- History: nothing a command does to a note is lost.
--
-- `journal` has one row for every command that writes notes (`load`, `delete`, `restore`,
-- `revert-load`, …), written in the same transaction as the notes, with what it was given and
-- what it did. `note_versions` has one row for every note a command inserted, updated or
-- deleted: the note as it was before (`previous`, the note as JSON in the shape `pieredze show
-- --format json` prints and `load` reads back), NULL for a note that did not exist. Unchanged
-- notes get no row. A deleted note stays in `note_versions`, so it can be restored.
--
-- Versions name notes by `id` (the slug), not `notes.pk`: a deleted and restored note gets a
-- new pk, and its history must follow it.
CREATE TABLE journal (
    id        INTEGER PRIMARY KEY,
    -- UTC, 'YYYY-MM-DDTHH:MM:SS.SSSZ'.
    at        TEXT NOT NULL,
    command   TEXT NOT NULL CHECK (length(command) BETWEEN 1 AND 40),
    -- The inputs as given on the command line (files, directories, '-'), a JSON array of strings.
    -- (Not checked with json_valid: JSON functions are not innocuous, and `pieredze check` runs
    -- every CHECK with trusted_schema off.)
    files     TEXT NOT NULL DEFAULT '[]' CHECK (files GLOB '[[]*]'),
    -- What else the command was given, for people: "version 3", "load #4".
    detail    TEXT NOT NULL DEFAULT '',
    inserted  INTEGER NOT NULL DEFAULT 0 CHECK (inserted >= 0),
    updated   INTEGER NOT NULL DEFAULT 0 CHECK (updated >= 0),
    unchanged INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
    deleted   INTEGER NOT NULL DEFAULT 0 CHECK (deleted >= 0)
) STRICT;

CREATE TABLE note_versions (
    id         INTEGER PRIMARY KEY,
    note_id    TEXT NOT NULL CHECK (length(note_id) BETWEEN 1 AND 200),
    journal_id INTEGER NOT NULL REFERENCES journal (id) ON DELETE RESTRICT,
    -- What the command did to the note: 'insert' (previous is NULL), 'update' or 'delete'.
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
    previous   TEXT CHECK ((previous IS NULL) = (action = 'insert'))
) STRICT;
-- A note's history, in order; and whether a later change touched a note (`revert-load`).
CREATE INDEX note_versions_note ON note_versions (note_id, id);
-- The notes one journal entry touched (`revert-load`).
CREATE INDEX note_versions_journal ON note_versions (journal_id, id);
-- Deletions only (`pieredze deleted`): few rows, so the index costs a load nothing.
CREATE INDEX note_versions_deleted ON note_versions (id) WHERE action = 'delete';
