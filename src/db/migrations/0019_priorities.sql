-- The priority round: each person picks up to a few themes they want first in the action
-- plan (issue 32). A consultation without a row has the round on, for its own dates, with
-- three choices; a row switches it off or gives it dates and a number of its own.
CREATE TABLE priority_rounds (
    consultation_id INTEGER PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    opens_at        INTEGER,
    closes_at       INTEGER,
    max_choices     INTEGER NOT NULL DEFAULT 3 CHECK (max_choices BETWEEN 1 AND 5)
) STRICT;

-- One person's choice (the public form, a kiosk, a workshop laptop's form), with the
-- optional profile they gave. `submission_key` makes a replay count once.
CREATE TABLE priority_ballots (
    id               INTEGER PRIMARY KEY,
    uid              TEXT NOT NULL UNIQUE,
    instance_id      TEXT NOT NULL,
    consultation_id  INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    channel          TEXT NOT NULL DEFAULT 'en_ligne',
    workshop_id      INTEGER REFERENCES workshops(id),
    zone             TEXT NOT NULL DEFAULT '' CHECK (length(zone) <= 60),
    contributor_type TEXT NOT NULL DEFAULT '' CHECK (length(contributor_type) <= 60),
    sex              TEXT NOT NULL DEFAULT '' CHECK (sex IN ('', 'femme', 'homme')),
    age_band         TEXT NOT NULL DEFAULT '' CHECK (length(age_band) <= 20),
    submission_key   BLOB UNIQUE,
    device           TEXT CHECK (device IS NULL OR length(device) = 16),
    bundle_id        INTEGER REFERENCES bundles(id),
    created_at       INTEGER NOT NULL
) STRICT;
CREATE INDEX priority_ballots_consultation ON priority_ballots(consultation_id);

CREATE TABLE priority_choices (
    ballot_id INTEGER NOT NULL REFERENCES priority_ballots(id) ON DELETE CASCADE,
    theme     TEXT NOT NULL CHECK (length(theme) BETWEEN 1 AND 60),
    PRIMARY KEY (ballot_id, theme)
) STRICT, WITHOUT ROWID;

-- A workshop's count of paper ballots or of a show of hands: the people who took part and
-- one number per theme. Typed again, it replaces the earlier count.
CREATE TABLE priority_tallies (
    id              INTEGER PRIMARY KEY,
    uid             TEXT NOT NULL UNIQUE,
    instance_id     TEXT NOT NULL,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    workshop_id     INTEGER NOT NULL REFERENCES workshops(id) ON DELETE CASCADE,
    channel         TEXT NOT NULL CHECK (channel IN ('papier', 'mains_levees')),
    people          INTEGER NOT NULL CHECK (people BETWEEN 0 AND 100000),
    entered_by      TEXT NOT NULL DEFAULT '',
    bundle_id       INTEGER REFERENCES bundles(id),
    updated_at      INTEGER NOT NULL,
    UNIQUE (workshop_id, channel)
) STRICT;

CREATE TABLE priority_tally_counts (
    tally_id INTEGER NOT NULL REFERENCES priority_tallies(id) ON DELETE CASCADE,
    theme    TEXT NOT NULL CHECK (length(theme) BETWEEN 1 AND 60),
    count    INTEGER NOT NULL CHECK (count BETWEEN 0 AND 100000),
    PRIMARY KEY (tally_id, theme)
) STRICT, WITHOUT ROWID;
