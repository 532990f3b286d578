-- Taking part: themes, proposals, supports, comments. Every contribution carries a globally
-- unique id, the id of the instance that recorded it and its channel, so that workshop data
-- can be merged later without duplicates.

CREATE TABLE themes (
    id       INTEGER PRIMARY KEY,
    code     TEXT NOT NULL UNIQUE,
    label_fr TEXT NOT NULL CHECK (length(label_fr) BETWEEN 1 AND 200),
    label_en TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Which optional questions a consultation's form asks, as a comma list
-- (benefit, ogp_values); title, problem, solution, theme, zone, contributor type always.
ALTER TABLE consultations ADD COLUMN questions TEXT NOT NULL DEFAULT 'benefit,ogp_values';

-- Themes offered by a consultation; none listed means all active themes.
CREATE TABLE consultation_themes (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    theme_id        INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, theme_id)
) STRICT;

CREATE TABLE proposals (
    id                INTEGER PRIMARY KEY,
    uid               TEXT NOT NULL UNIQUE,
    instance_id       TEXT NOT NULL,
    ref_number        INTEGER NOT NULL UNIQUE CHECK (ref_number > 0),
    consultation_id   INTEGER NOT NULL REFERENCES consultations(id),
    title             TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    problem           TEXT NOT NULL CHECK (length(problem) <= 5000),
    solution          TEXT NOT NULL CHECK (length(solution) <= 5000),
    benefit           TEXT NOT NULL DEFAULT '' CHECK (length(benefit) <= 3000),
    theme             TEXT NOT NULL,
    zone              TEXT NOT NULL,
    contributor_type  TEXT NOT NULL,
    ogp_values        TEXT NOT NULL DEFAULT '',
    author_name       TEXT NOT NULL DEFAULT '',
    organisation      TEXT NOT NULL DEFAULT '',
    contact           TEXT,
    consent_contact   INTEGER NOT NULL DEFAULT 0 CHECK (consent_contact IN (0, 1)),
    language          TEXT NOT NULL,
    channel           TEXT NOT NULL DEFAULT 'en_ligne',
    follow_token_hash BLOB NOT NULL UNIQUE,
    moderation        TEXT NOT NULL DEFAULT 'pending' CHECK (moderation IN ('pending', 'approved', 'rejected')),
    status            TEXT NOT NULL DEFAULT 'recue',
    support_count     INTEGER NOT NULL DEFAULT 0 CHECK (support_count >= 0),
    comment_count     INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0),
    created_at        INTEGER NOT NULL,
    -- contact data only with consent
    CHECK (contact IS NULL OR consent_contact = 1)
) STRICT;
CREATE INDEX proposals_public ON proposals(moderation, created_at DESC);
CREATE INDEX proposals_supported ON proposals(moderation, support_count DESC, created_at DESC);
CREATE INDEX proposals_theme ON proposals(theme, moderation);
CREATE INDEX proposals_zone ON proposals(zone, moderation);

CREATE TABLE supports (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    instance_id TEXT NOT NULL,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    channel     TEXT NOT NULL DEFAULT 'en_ligne',
    created_at  INTEGER NOT NULL,
    UNIQUE (proposal_id, participant)
) STRICT;

CREATE TABLE comments (
    id          INTEGER PRIMARY KEY,
    uid         TEXT NOT NULL UNIQUE,
    instance_id TEXT NOT NULL,
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 3000),
    author_name TEXT NOT NULL DEFAULT '',
    moderation  TEXT NOT NULL DEFAULT 'pending' CHECK (moderation IN ('pending', 'approved', 'rejected')),
    channel     TEXT NOT NULL DEFAULT 'en_ligne',
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX comments_proposal ON comments(proposal_id, moderation, created_at);
CREATE INDEX comments_pending ON comments(moderation, created_at);

-- French full-text search; accents folded ("electricite" finds "électricité").
CREATE VIRTUAL TABLE proposals_fts USING fts5(
    title, problem, solution, benefit,
    content = 'proposals', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals BEGIN
    INSERT INTO proposals_fts(rowid, title, problem, solution, benefit)
    VALUES (new.id, new.title, new.problem, new.solution, new.benefit);
END;
CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals BEGIN
    INSERT INTO proposals_fts(proposals_fts, rowid, title, problem, solution, benefit)
    VALUES ('delete', old.id, old.title, old.problem, old.solution, old.benefit);
END;
CREATE TRIGGER proposals_fts_update AFTER UPDATE OF title, problem, solution, benefit ON proposals BEGIN
    INSERT INTO proposals_fts(proposals_fts, rowid, title, problem, solution, benefit)
    VALUES ('delete', old.id, old.title, old.problem, old.solution, old.benefit);
    INSERT INTO proposals_fts(rowid, title, problem, solution, benefit)
    VALUES (new.id, new.title, new.problem, new.solution, new.benefit);
END;
