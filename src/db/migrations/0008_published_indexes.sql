-- The public list's filter and sort indexes cover published proposals only. A new proposal
-- waits for moderation (a priori by default), so it no longer touches them: a durable
-- submission writes about half as many pages (5 instead of 10) before its disk sync. A
-- proposal enters these indexes when approved. The moderation queue keeps proposals_public,
-- which covers every state.
DROP INDEX proposals_supported;
DROP INDEX proposals_theme;
DROP INDEX proposals_zone;
DROP INDEX proposals_status;
DROP INDEX proposals_consultation;
CREATE INDEX proposals_supported ON proposals(support_count DESC, created_at DESC) WHERE moderation = 'approved';
CREATE INDEX proposals_theme ON proposals(theme, created_at DESC) WHERE moderation = 'approved';
CREATE INDEX proposals_zone ON proposals(zone, created_at DESC) WHERE moderation = 'approved';
CREATE INDEX proposals_status ON proposals(status, created_at DESC) WHERE moderation = 'approved';
CREATE INDEX proposals_consultation ON proposals(consultation_id, created_at DESC) WHERE moderation = 'approved';
