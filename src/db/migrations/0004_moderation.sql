-- Moderation and reasoned response: reasons for withheld contributions, public reports,
-- statuses with a written answer, merged duplicates, and an append-only audit trail.

ALTER TABLE proposals ADD COLUMN answer TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN commitment TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN merged_into INTEGER REFERENCES proposals(id);
ALTER TABLE proposals ADD COLUMN withheld_reason TEXT;
ALTER TABLE proposals ADD COLUMN withheld_note TEXT NOT NULL DEFAULT '';
ALTER TABLE proposals ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE proposals ADD COLUMN answered_at INTEGER;

ALTER TABLE comments ADD COLUMN withheld_reason TEXT;
ALTER TABLE comments ADD COLUMN withheld_note TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN report_count INTEGER NOT NULL DEFAULT 0;

-- One report per participant and item.
CREATE TABLE reports (
    id          INTEGER PRIMARY KEY,
    proposal_id INTEGER REFERENCES proposals(id) ON DELETE CASCADE,
    comment_id  INTEGER REFERENCES comments(id) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    CHECK ((proposal_id IS NULL) <> (comment_id IS NULL)),
    UNIQUE (proposal_id, comment_id, participant)
) STRICT;

-- Every moderation decision and status change: when, what, by which role and account.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    proposal_id   INTEGER REFERENCES proposals(id),
    comment_id    INTEGER REFERENCES comments(id),
    action        TEXT NOT NULL,
    from_value    TEXT,
    to_value      TEXT,
    note          TEXT NOT NULL DEFAULT '',
    role          TEXT NOT NULL,
    account_id    INTEGER REFERENCES staff_accounts(id),
    account_login TEXT NOT NULL
) STRICT;
CREATE INDEX audit_log_proposal ON audit_log(proposal_id, at, id);
CREATE INDEX audit_log_at ON audit_log(at, id);

-- The trail is evidence (IRM review): nobody edits or deletes it, not even through SQL.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
