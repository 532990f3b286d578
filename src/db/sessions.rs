//! Server-side staff sessions, with an idle and an absolute timeout.

use rusqlite::{Connection, OptionalExtension, params};

use super::accounts::Account;

/// A session ends after this long without a request…
pub const IDLE_TIMEOUT: i64 = 2 * 3600;
/// …and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: i64 = 12 * 3600;
/// `last_seen_at` is written at most this often, to keep reads cheap.
const TOUCH_EVERY: i64 = 60;

pub fn create(
    c: &Connection,
    token_hash: &[u8],
    account_id: i64,
    now: i64,
) -> rusqlite::Result<()> {
    // Expired sessions of everybody are swept at each sign-in.
    c.prepare_cached("DELETE FROM staff_sessions WHERE last_seen_at < ?1 OR created_at < ?2")?
        .execute(params![now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT])?;
    c.prepare_cached(
        "INSERT INTO staff_sessions(token_hash, account_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)",
    )?
    .execute(params![token_hash, account_id, now])?;
    Ok(())
}

/// The live session's account and whether `last_seen_at` is due for a refresh.
pub fn find(
    c: &Connection,
    token_hash: &[u8],
    now: i64,
) -> rusqlite::Result<Option<(Account, bool)>> {
    c.prepare_cached(
        "SELECT a.id, a.login, a.role, a.password_hash, a.disabled, a.created_at, s.last_seen_at \
         FROM staff_sessions s JOIN staff_accounts a ON a.id = s.account_id \
         WHERE s.token_hash = ?1 AND s.last_seen_at >= ?2 AND s.created_at >= ?3 AND a.disabled = 0",
    )?
    .query_row(params![token_hash, now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT], |r| {
        let last_seen: i64 = r.get(6)?;
        Ok((super::accounts::from_row(r)?, now - last_seen >= TOUCH_EVERY))
    })
    .optional()
}

pub fn touch(c: &Connection, token_hash: &[u8], now: i64) -> rusqlite::Result<()> {
    c.prepare_cached("UPDATE staff_sessions SET last_seen_at = ?2 WHERE token_hash = ?1")?
        .execute(params![token_hash, now])?;
    Ok(())
}

pub fn delete(c: &Connection, token_hash: &[u8]) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM staff_sessions WHERE token_hash = ?1")?
        .execute([token_hash])?;
    Ok(())
}
