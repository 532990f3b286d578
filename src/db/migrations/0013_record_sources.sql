-- What the consultation's record needs besides the contributions themselves.
--
-- Workshop attendance, entered by the facilitator: per contributor category, women and men,
-- as compact text ("citoyen:12:9,osc:3:4"; empty until entered). It travels in the bundle
-- with its workshop.
ALTER TABLE workshops ADD COLUMN attendance TEXT NOT NULL DEFAULT '' CHECK (length(attendance) <= 1000);
ALTER TABLE workshops ADD COLUMN attendance_at INTEGER;

-- Distinct devices: a keyed hash of the participant cookie (16 hex digits), never the cookie
-- itself. It counts phones and computers, not people; a paper form has none. Records from
-- before this migration have none either.
ALTER TABLE proposals ADD COLUMN device TEXT CHECK (device IS NULL OR length(device) = 16);
ALTER TABLE comments ADD COLUMN device TEXT CHECK (device IS NULL OR length(device) = 16);
ALTER TABLE supports ADD COLUMN device TEXT CHECK (device IS NULL OR length(device) = 16);

-- The record's moderation delay reads each contribution's first moderation decision.
CREATE INDEX audit_log_comment ON audit_log(comment_id, at) WHERE comment_id IS NOT NULL;
