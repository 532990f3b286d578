-- Regional workshops: contributions made during one carry its id; paper forms typed in by a
-- facilitator carry their paper number (unique within the workshop) and who typed them.

CREATE TABLE workshops (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    instance_id  TEXT NOT NULL,
    name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    place        TEXT NOT NULL DEFAULT '' CHECK (length(place) <= 200),
    zone         TEXT NOT NULL,
    held_on      TEXT NOT NULL CHECK (held_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    facilitators TEXT NOT NULL DEFAULT '' CHECK (length(facilitators) <= 500),
    created_at   INTEGER NOT NULL,
    bundle_id    INTEGER REFERENCES bundles(id)
) STRICT;

ALTER TABLE proposals ADD COLUMN workshop_id INTEGER REFERENCES workshops(id);
ALTER TABLE proposals ADD COLUMN paper_number TEXT CHECK (paper_number IS NULL OR length(paper_number) BETWEEN 1 AND 20);
ALTER TABLE proposals ADD COLUMN entered_by TEXT;
CREATE UNIQUE INDEX proposals_paper ON proposals(workshop_id, paper_number) WHERE paper_number IS NOT NULL;
CREATE INDEX proposals_workshop ON proposals(workshop_id) WHERE workshop_id IS NOT NULL;
ALTER TABLE comments ADD COLUMN workshop_id INTEGER REFERENCES workshops(id);
ALTER TABLE supports ADD COLUMN workshop_id INTEGER REFERENCES workshops(id);
