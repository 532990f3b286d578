-- Presentation pages, document library, timeline, forum register (OGP requirements 1.1,
-- 2.1, 2.2, 3.1).

-- Editable Markdown pages ('pgo'), one row per language.
CREATE TABLE pages (
    slug       TEXT NOT NULL,
    lang       TEXT NOT NULL CHECK (lang IN ('fr', 'en')),
    body       TEXT NOT NULL,
    is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (slug, lang)
) STRICT;

CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    category    TEXT NOT NULL CHECK (category IN
                  ('textes-de-base', 'plans-action', 'comptes-rendus-forum', 'rapports', 'syntheses', 'autres')),
    doc_date    TEXT NOT NULL CHECK (doc_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    language    TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    -- a file kept in document_files, or an external link
    url         TEXT,
    file_name   TEXT,
    format      TEXT,
    media_type  TEXT,
    size_bytes  INTEGER,
    sha256      TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK ((url IS NULL) <> (file_name IS NULL))
) STRICT;
CREATE INDEX documents_category ON documents(category, doc_date DESC);

-- File contents live in the database, so that one backup file carries everything.
CREATE TABLE document_files (
    document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    data        BLOB NOT NULL
) STRICT;

CREATE TABLE timeline_phases (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN
                  ('information', 'contributions', 'atelier', 'synthese', 'restitution', 'autre')),
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE forum_meetings (
    id                   INTEGER PRIMARY KEY,
    held_on              TEXT NOT NULL,
    place                TEXT NOT NULL,
    participants_admin   INTEGER NOT NULL DEFAULT 0 CHECK (participants_admin >= 0),
    participants_civil   INTEGER NOT NULL DEFAULT 0 CHECK (participants_civil >= 0),
    participants_private INTEGER NOT NULL DEFAULT 0 CHECK (participants_private >= 0),
    agenda               TEXT NOT NULL DEFAULT '',
    minutes_document_id  INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    created_at           INTEGER NOT NULL
) STRICT;
CREATE INDEX forum_meetings_date ON forum_meetings(held_on DESC);
