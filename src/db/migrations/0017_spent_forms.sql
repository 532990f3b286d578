-- The public forms' one-time ids already used, with the participant (submission key) who
-- used each: a form stamp lets one contribution through, whoever posts it; a second
-- participant posting the same form (a script inventing a cookie per post) is refused.
-- Kept three days (a stamp lives 48 hours).
CREATE TABLE spent_forms (
    form BLOB PRIMARY KEY,
    submission_key BLOB NOT NULL,
    spent_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX spent_forms_at ON spent_forms(spent_at);
