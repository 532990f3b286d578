//! Server-side staff sessions, with an idle and an absolute timeout.

use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::account::Account;

/// A session ends after this long without a request…
pub const IDLE_TIMEOUT: i64 = 2 * 3600;
/// …and in any case this long after sign-in.
pub const ABSOLUTE_TIMEOUT: i64 = 12 * 3600;
/// `last_seen_at` is written at most this often, to keep reads cheap.
const TOUCH_EVERY: i64 = 60;

/// Live sessions one account may hold: a new sign-in past them closes the one unused the
/// longest (a stolen password cannot open sessions without end, and the list stays short).
pub const MAX_PER_ACCOUNT: i64 = 5;

/// Where a session was opened: the browser (a short description of its `User-Agent`) and
/// the network address.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub browser: String,
    pub address: String,
}

pub fn create(
    c: &Connection,
    token_hash: &[u8],
    account_id: i64,
    origin: &Origin,
    now: i64,
) -> rusqlite::Result<()> {
    // Expired sessions of everybody are swept at each sign-in.
    c.prepare_cached("DELETE FROM staff_sessions WHERE last_seen_at < ?1 OR created_at < ?2")?
        .execute(params![now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT])?;
    c.prepare_cached(
        "DELETE FROM staff_sessions WHERE token_hash IN (SELECT token_hash FROM staff_sessions \
         WHERE account_id = ?1 ORDER BY last_seen_at DESC, created_at DESC LIMIT -1 OFFSET ?2)",
    )?
    .execute(params![account_id, MAX_PER_ACCOUNT - 1])?;
    c.prepare_cached(
        "INSERT INTO staff_sessions(token_hash, account_id, created_at, last_seen_at, browser, address) \
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)",
    )?
    .execute(params![token_hash, account_id, now, origin.browser, origin.address])?;
    Ok(())
}

/// A live session as its account's page lists it.
#[derive(Debug, Clone)]
pub struct Live {
    pub token_hash: Vec<u8>,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub origin: Origin,
}

/// The account's live sessions, the most recently used first.
pub fn of_account(c: &Connection, account_id: i64, now: i64) -> rusqlite::Result<Vec<Live>> {
    c.prepare_cached(
        "SELECT token_hash, created_at, last_seen_at, browser, address FROM staff_sessions \
         WHERE account_id = ?1 AND last_seen_at >= ?2 AND created_at >= ?3 \
         ORDER BY last_seen_at DESC, created_at DESC",
    )?
    .query_map(
        params![account_id, now - IDLE_TIMEOUT, now - ABSOLUTE_TIMEOUT],
        |r| {
            Ok(Live {
                token_hash: r.get(0)?,
                created_at: r.get(1)?,
                last_seen_at: r.get(2)?,
                origin: Origin {
                    browser: r.get(3)?,
                    address: r.get(4)?,
                },
            })
        },
    )?
    .collect()
}

/// Closes every session of the account but `keep`; how many were closed.
pub fn close_others(c: &Connection, account_id: i64, keep: &[u8]) -> rusqlite::Result<usize> {
    c.prepare_cached("DELETE FROM staff_sessions WHERE account_id = ?1 AND token_hash <> ?2")?
        .execute(params![account_id, keep])
}

/// Whether the browser holding the device token hashed `token_hash` signed in to
/// `account_id` before (and its password has not changed since).
pub fn known_device(c: &Connection, token_hash: &[u8], account_id: i64) -> rusqlite::Result<bool> {
    c.prepare_cached("SELECT 1 FROM known_devices WHERE token_hash = ?1 AND account_id = ?2")?
        .exists(params![token_hash, account_id])
}

/// Remembers (or refreshes) a browser the account signed in from.
pub fn remember_device(
    c: &Connection,
    token_hash: &[u8],
    account_id: i64,
    now: i64,
) -> rusqlite::Result<()> {
    c.prepare_cached(
        "INSERT INTO known_devices(token_hash, account_id, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3) \
         ON CONFLICT(token_hash) DO UPDATE SET account_id = excluded.account_id, last_seen_at = excluded.last_seen_at",
    )?
    .execute(params![token_hash, account_id, now])?;
    Ok(())
}

/// Forgets the account's browsers but `keep` (the one changing the password, if any).
pub fn forget_devices(c: &Connection, account_id: i64, keep: &[u8]) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM known_devices WHERE account_id = ?1 AND token_hash <> ?2")?
        .execute(params![account_id, keep])?;
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
