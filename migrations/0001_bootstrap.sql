-- Facts about the database itself, as key/value text: which application created it and when.
-- schema_migrations is created and kept by the migrator itself.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT, WITHOUT ROWID;

INSERT INTO meta (key, value) VALUES
    ('application', 'pieredze'),
    ('created_at', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
