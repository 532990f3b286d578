-- Workshop bundles: every imported record remembers the bundle it came in.

CREATE TABLE bundles (
    id              INTEGER PRIMARY KEY,
    sha256          TEXT NOT NULL UNIQUE,
    source_instance TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    imported_at     INTEGER NOT NULL,
    added           INTEGER NOT NULL,
    already         INTEGER NOT NULL
) STRICT;

ALTER TABLE proposals ADD COLUMN bundle_id INTEGER REFERENCES bundles(id);
ALTER TABLE comments ADD COLUMN bundle_id INTEGER REFERENCES bundles(id);
ALTER TABLE supports ADD COLUMN bundle_id INTEGER REFERENCES bundles(id);
