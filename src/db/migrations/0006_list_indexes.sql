-- Indexes for the public list filters that had none: consultation and status.
CREATE INDEX proposals_consultation ON proposals(consultation_id, moderation, created_at DESC);
CREATE INDEX proposals_status ON proposals(status, moderation);
