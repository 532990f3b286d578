-- Indexes for the public list filters that had none: consultation and status.
CREATE INDEX proposals_consultation ON proposals(consultation_id, moderation, created_at DESC);
CREATE INDEX proposals_status ON proposals(status, moderation);

-- The full-text index holds published proposals only: it serves the public search alone, and
-- indexing a submission costs its author's wait (about 40 % of a durable submission). A
-- proposal enters the index when approved and leaves it when withheld or deleted.
DROP TRIGGER proposals_fts_insert;
DROP TRIGGER proposals_fts_delete;
DROP TRIGGER proposals_fts_update;
INSERT INTO proposals_fts(proposals_fts, rowid, title, problem, solution, benefit)
    SELECT 'delete', id, title, problem, solution, benefit FROM proposals WHERE moderation <> 'approved';
CREATE TRIGGER proposals_fts_insert AFTER INSERT ON proposals WHEN new.moderation = 'approved' BEGIN
    INSERT INTO proposals_fts(rowid, title, problem, solution, benefit)
    VALUES (new.id, new.title, new.problem, new.solution, new.benefit);
END;
CREATE TRIGGER proposals_fts_delete AFTER DELETE ON proposals WHEN old.moderation = 'approved' BEGIN
    INSERT INTO proposals_fts(proposals_fts, rowid, title, problem, solution, benefit)
    VALUES ('delete', old.id, old.title, old.problem, old.solution, old.benefit);
END;
CREATE TRIGGER proposals_fts_update AFTER UPDATE OF title, problem, solution, benefit, moderation ON proposals BEGIN
    INSERT INTO proposals_fts(proposals_fts, rowid, title, problem, solution, benefit)
    SELECT 'delete', old.id, old.title, old.problem, old.solution, old.benefit WHERE old.moderation = 'approved';
    INSERT INTO proposals_fts(rowid, title, problem, solution, benefit)
    SELECT new.id, new.title, new.problem, new.solution, new.benefit WHERE new.moderation = 'approved';
END;
