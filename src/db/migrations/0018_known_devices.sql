-- The browsers an account signed in from: a random token per browser (its cookie), kept
-- hashed, dropped when the password changes. Before, the cookie was the same for every
-- browser of an account and outlived a password change. And what staff sessions are, for
-- their list on the account page: the browser and the address they were opened from.
CREATE TABLE known_devices (
    token_hash   BLOB PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES staff_accounts(id) ON DELETE CASCADE,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) STRICT;
CREATE INDEX known_devices_account ON known_devices(account_id);

ALTER TABLE staff_sessions ADD COLUMN browser TEXT NOT NULL DEFAULT '';
ALTER TABLE staff_sessions ADD COLUMN address TEXT NOT NULL DEFAULT '';
