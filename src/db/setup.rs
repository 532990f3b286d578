//! The first run's one write: the admin account, the site's name, its first consultation and
//! the admin's first session.

use rusqlite::Connection;

use crate::db::{accounts, consultations, sessions, settings};
use crate::domain::account::Role;
use crate::domain::consultation::{FIRST_CONSULTATION_DAYS, end_after_day_of};
use crate::domain::setup::SetupInput;

/// Sets the site up from the first-run form `input`, with the admin's password hash, the
/// hash of the session it opens and where the browser is (`first`). False when the site
/// was set up meanwhile (two browsers at once: only the first one sets up) or the login is
/// taken; nothing is written then.
pub fn first_run(
    c: &Connection,
    input: &SetupInput,
    (password_hash, session_hash, origin): (&str, &[u8], &sessions::Origin),
    now: i64,
) -> rusqlite::Result<bool> {
    if settings::get(c, settings::SETUP_DONE_AT)?.is_some() {
        return Ok(false);
    }
    let Some(id) = accounts::insert(c, &input.login, Role::Admin, password_hash, now)? else {
        return Ok(false);
    };
    settings::set(c, settings::SITE_NAME, &input.site_name)?;
    settings::set(c, settings::ORGANISATION, &input.organisation)?;
    settings::set(c, settings::DEFAULT_LANG, &input.language)?;
    settings::set(c, settings::SETUP_DONE_AT, &now.to_string())?;
    let opens = now + input.opens_in_days * 86_400;
    consultations::insert(
        c,
        &crate::security::random_token(12),
        &input.site_name,
        opens,
        end_after_day_of(opens + FIRST_CONSULTATION_DAYS * 86_400),
        now,
    )?;
    sessions::create(c, session_hash, id, origin, now)?;
    Ok(true)
}
