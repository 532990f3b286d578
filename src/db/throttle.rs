//! Sign-in throttling. Failures are counted per account and per network address; past a
//! threshold the key is locked for a delay that doubles with each further failure, and while
//! it is locked even the right password waits.

use rusqlite::{Connection, OptionalExtension, params};

/// Failures on one account before it is held back.
pub const ACCOUNT_THRESHOLD: i64 = 5;
/// Failures from one address (all accounts together) before it is held back. Higher, because
/// a whole workshop may share one address.
pub const ADDRESS_THRESHOLD: i64 = 20;
const FIRST_DELAY: i64 = 60;
const MAX_DELAY: i64 = 30 * 60;
/// Failures older than this are forgotten.
const WINDOW: i64 = 3600;

pub fn account_key(login: &str) -> String {
    format!("account:{}", login.to_lowercase())
}

/// Wrong current passwords typed when changing one's password, counted apart from sign-ins:
/// strangers' failed sign-ins cannot stop a signed-in person from changing theirs.
pub fn password_change_key(login: &str) -> String {
    format!("change:{}", login.to_lowercase())
}

pub fn address_key(addr: &str) -> String {
    format!("address:{addr}")
}

/// Seconds left before `key` may try again, if it is locked.
pub fn locked_for(c: &Connection, key: &str, now: i64) -> rusqlite::Result<Option<i64>> {
    let until: Option<i64> = c
        .prepare_cached("SELECT locked_until FROM login_throttle WHERE key = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?;
    Ok(until.filter(|u| *u > now).map(|u| u - now))
}

/// Counts one failure; returns the lock now in force, in seconds, if any.
pub fn record_failure(
    c: &Connection,
    key: &str,
    threshold: i64,
    now: i64,
) -> rusqlite::Result<Option<i64>> {
    let failures: i64 = c
        .prepare_cached(
            "INSERT INTO login_throttle(key, failures, last_failure_at, locked_until) VALUES (?1, 1, ?2, 0) \
             ON CONFLICT(key) DO UPDATE SET \
               failures = CASE WHEN last_failure_at < ?2 - ?3 THEN 1 ELSE failures + 1 END, \
               last_failure_at = ?2 \
             RETURNING failures",
        )?
        .query_row(params![key, now, WINDOW], |r| r.get(0))?;
    if failures < threshold {
        return Ok(None);
    }
    let doublings = u32::try_from((failures - threshold).min(16)).unwrap_or(16);
    let delay = FIRST_DELAY.saturating_mul(1 << doublings).min(MAX_DELAY);
    c.prepare_cached("UPDATE login_throttle SET locked_until = ?2 WHERE key = ?1")?
        .execute(params![key, now + delay])?;
    Ok(Some(delay))
}

pub fn clear(c: &Connection, key: &str) -> rusqlite::Result<()> {
    c.prepare_cached("DELETE FROM login_throttle WHERE key = ?1")?
        .execute([key])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::{DbError, test_db};

    #[test]
    fn locks_after_threshold_and_doubles() {
        let (_d, db) = test_db();
        let key = account_key("Awa");
        let r = db
            .write(|c| {
                let mut last = None;
                for i in 0..ACCOUNT_THRESHOLD {
                    last = record_failure(c, &key, ACCOUNT_THRESHOLD, 1000 + i)?;
                }
                let first = last;
                let second = record_failure(c, &key, ACCOUNT_THRESHOLD, 1010)?;
                let left = locked_for(c, &key, 1010)?;
                Ok::<_, DbError>((first, second, left))
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r.0, Some(FIRST_DELAY));
        assert_eq!(r.1, Some(2 * FIRST_DELAY));
        assert_eq!(r.2, Some(2 * FIRST_DELAY));
    }

    #[test]
    fn old_failures_are_forgotten() {
        let (_d, db) = test_db();
        let key = address_key("10.0.0.1");
        let r = db
            .write(|c| {
                for i in 0..ADDRESS_THRESHOLD - 1 {
                    record_failure(c, &key, ADDRESS_THRESHOLD, i)?;
                }
                Ok::<_, DbError>(record_failure(c, &key, ADDRESS_THRESHOLD, 10 * WINDOW)?)
            })
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(r, None);
    }
}
