-- One identity for life: a contribution's public reference ("P-0142", "KGO-0007") is stored
-- as given by the instance that recorded it and never changes, here or on the national site
-- that imports it. Existing proposals keep the reference they showed ("P-" and their number).
-- ref_number stays a local serial number. original_reference keeps, for a record imported
-- from a bundle whose reference was already taken here, the one its receipt shows.
ALTER TABLE proposals ADD COLUMN reference TEXT;
UPDATE proposals SET reference = 'P-' || printf('%04d', ref_number);
CREATE UNIQUE INDEX proposals_reference ON proposals(reference);
ALTER TABLE proposals ADD COLUMN original_reference TEXT;

-- The last number given per reference code on this instance.
CREATE TABLE reference_counters (
    code TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 5),
    last INTEGER NOT NULL CHECK (last >= 0)
) STRICT;
INSERT INTO reference_counters(code, last) SELECT 'P', coalesce(max(ref_number), 0) FROM proposals;

-- One-time submission keys: a form posted twice (double tap, Back and send again, a retried
-- request) finds its first record and writes nothing.
ALTER TABLE proposals ADD COLUMN submission_key BLOB;
CREATE UNIQUE INDEX proposals_submission ON proposals(submission_key) WHERE submission_key IS NOT NULL;
ALTER TABLE comments ADD COLUMN submission_key BLOB;
CREATE UNIQUE INDEX comments_submission ON comments(submission_key) WHERE submission_key IS NOT NULL;

-- A row inserted without a reference (by a tool that writes SQL directly, such as the
-- benchmark seeder) gets the national form of its number, as before this migration.
CREATE TRIGGER proposals_reference_default AFTER INSERT ON proposals WHEN NEW.reference IS NULL BEGIN
    UPDATE proposals SET reference = 'P-' || printf('%04d', NEW.ref_number) WHERE id = NEW.id;
END;
