-- The organisation's logo, shown in the header, the synthesis and the poster. One row at
-- most; kept in the database so that a backup carries it.
CREATE TABLE logo (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    media_type TEXT NOT NULL,
    data BLOB NOT NULL,
    -- Short content hash: the version in the logo's address, so browsers cache it for good.
    version TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
