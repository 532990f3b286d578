-- Texts through an Android phone (issue 33). A sender's number is kept only to answer them
-- about their own contributions: staff see its last two digits; it is erased with the
-- contacts. Its keyed hash stays, so that a STOP and the counting of devices survive.
CREATE TABLE sms_senders (
    id          INTEGER PRIMARY KEY,
    number      TEXT UNIQUE CHECK (number IS NULL OR length(number) BETWEEN 6 AND 17),
    number_hash TEXT NOT NULL UNIQUE,
    stopped_at  INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;

-- Every text read from the phone, once (its key: the phone's id, sender and time).
CREATE TABLE sms_in (
    id          INTEGER PRIMARY KEY,
    message_key TEXT NOT NULL UNIQUE,
    sender_id   INTEGER NOT NULL REFERENCES sms_senders(id),
    kind        TEXT NOT NULL CHECK (kind IN ('proposal', 'priority', 'stop', 'unclear')),
    proposal_id INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
    received_at INTEGER NOT NULL
) STRICT;

-- Texts to send, queued, then their state as the phone reports it.
CREATE TABLE sms_out (
    id           INTEGER PRIMARY KEY,
    uid          TEXT NOT NULL UNIQUE,
    sender_id    INTEGER NOT NULL REFERENCES sms_senders(id),
    kind         TEXT NOT NULL CHECK (kind IN ('receipt', 'answer', 'help', 'stop', 'priority', 'reply')),
    proposal_id  INTEGER REFERENCES proposals(id) ON DELETE SET NULL,
    text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 306),
    state        TEXT NOT NULL DEFAULT 'queued',
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_try_at  INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    sent_at      INTEGER,
    delivered_at INTEGER
) STRICT;
CREATE INDEX sms_out_due ON sms_out(state, next_try_at);

ALTER TABLE proposals ADD COLUMN sms_sender_id INTEGER REFERENCES sms_senders(id);
