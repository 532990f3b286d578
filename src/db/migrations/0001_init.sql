-- Palabre schema, version 1. Migrations are append-only: never edit a released file,
-- add the next one instead.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE staff_accounts (
    id            INTEGER PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'moderator', 'facilitator')),
    disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
) STRICT;

-- Only the SHA-256 of a session token is stored: a copy of the database opens no session.
CREATE TABLE staff_sessions (
    token_hash   BLOB PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX staff_sessions_account ON staff_sessions(account_id);

-- Failed sign-ins per key ('account:<login>' or 'address:<ip>').
CREATE TABLE login_throttle (
    key             TEXT PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL
) STRICT;

CREATE TABLE consultations (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    description TEXT NOT NULL DEFAULT '',
    opens_at    INTEGER NOT NULL,
    closes_at   INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK (closes_at > opens_at)
) STRICT;
